package io.ferry.manifest;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.Sha256;
import io.ferry.chunk.ZeroChunks;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * ManifestCodec is the binary form of a manifest, version 1:
 *
 * <pre>
 * "FRYM" u8:version=1
 * varint:name-length name(UTF-8)   varint:size   32B:image-sha256
 * u8:chunker-kind varint:min varint:avg varint:max
 * varint:count   count × { varint:(length &lt;&lt; 1 | zero) [32B:chunk-id unless zero] }
 * u32:CRC32C of everything before it (big-endian)
 * </pre>
 *
 * All-zero chunks carry no id (it follows from their length), which keeps a mostly empty disk's
 * manifest small: a 2 GiB image at 16 KiB chunks is well under 2 MiB. The trailing checksum tells
 * garbled bytes from a consistent-looking manifest; every field is also checked on its own.
 */
public final class ManifestCodec {
    static final byte[] MAGIC = {'F', 'R', 'Y', 'M'};
    static final int VERSION = 1;

    private final ZeroChunks zeros;

    public ManifestCodec(ZeroChunks zeros) {
        this.zeros = zeros;
    }

    public byte[] encode(Manifest m) {
        ChunkList chunks = m.chunks();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + chunks.count() * 36);
        out.writeBytes(MAGIC);
        out.write(VERSION);
        byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
        varint(out, name.length);
        out.writeBytes(name);
        varint(out, m.size());
        out.writeBytes(m.digest().bytes());
        out.write(m.chunker().kind().ordinal());
        varint(out, m.chunker().min());
        varint(out, m.chunker().avg());
        varint(out, m.chunker().max());
        varint(out, chunks.count());
        byte[] id = new byte[ChunkId.BYTES];
        for (int i = 0; i < chunks.count(); i++) {
            boolean zero = chunks.isZero(i);
            varint(out, (long) chunks.length(i) << 1 | (zero ? 1 : 0));
            if (!zero) {
                chunks.id(i).copyTo(id, 0);
                out.writeBytes(id);
            }
        }
        CRC32C crc = new CRC32C();
        byte[] body = out.toByteArray();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }

    /** The manifest id: the SHA-256 of its encoding. */
    public static ManifestId id(byte[] encoded) {
        return ManifestId.of(new Sha256().raw().digest(encoded));
    }

    public Manifest decode(byte[] bytes) throws ManifestFormatException {
        if (bytes.length < MAGIC.length + 1 + 4) {
            throw new ManifestFormatException("manifest is truncated: only " + bytes.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        for (byte b : MAGIC) {
            if (in.get() != b) {
                throw new ManifestFormatException("not a Ferry manifest (bad magic bytes)");
            }
        }
        int version = in.get() & 0xff;
        if (version != VERSION) {
            throw new ManifestFormatException("unsupported manifest version " + version + " (this Ferry reads "
                    + VERSION + ")");
        }
        String stage = "header";
        int count = -1;
        int i = 0;
        try {
            int nameLength = (int) varint(in, 1024);
            byte[] name = new byte[nameLength];
            in.get(name);
            long size = varint(in, Long.MAX_VALUE);
            byte[] digest = new byte[Sha256Hex.BYTES];
            in.get(digest);
            int kind = in.get() & 0xff;
            if (kind >= ChunkerParams.Kind.values().length) {
                throw new ManifestFormatException("manifest names unknown chunker kind " + kind);
            }
            ChunkerParams params = new ChunkerParams(ChunkerParams.Kind.values()[kind],
                    (int) varint(in, Integer.MAX_VALUE), (int) varint(in, Integer.MAX_VALUE),
                    (int) varint(in, Integer.MAX_VALUE));
            count = (int) varint(in, Integer.MAX_VALUE);
            stage = "chunks";
            ChunkList.Builder chunks = new ChunkList.Builder();
            for (i = 0; i < count; i++) {
                long tag = varint(in, (long) Integer.MAX_VALUE << 1 | 1);
                int length = (int) (tag >>> 1);
                if (length == 0) {
                    throw new ManifestFormatException("manifest chunk " + i + " has length 0");
                }
                if ((tag & 1) == 1) {
                    chunks.add(zeros.id(length), length, true);
                } else {
                    if (in.remaining() < ChunkId.BYTES) {
                        throw new BufferUnderflowException();
                    }
                    chunks.add(bytes, in.position(), length, false);
                    in.position(in.position() + ChunkId.BYTES);
                }
            }
            stage = "checksum";
            int body = in.position();
            int stored = in.getInt();
            if (in.hasRemaining()) {
                throw new ManifestFormatException("manifest has " + in.remaining() + " unexpected trailing bytes");
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, body);
            if ((int) crc.getValue() != stored) {
                throw new ManifestFormatException("manifest is garbled (checksum mismatch)");
            }
            return new Manifest(new String(name, StandardCharsets.UTF_8), size, ImageDigest.of(digest), params,
                    chunks.build());
        } catch (BufferUnderflowException e) {
            String where = stage.equals("chunks") ? "chunk " + i + " of " + count : "the " + stage;
            throw new ManifestFormatException("manifest is truncated: it ends inside " + where);
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException("manifest is inconsistent: " + e.getMessage());
        }
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long varint(ByteBuffer in, long max) throws ManifestFormatException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                if (v < 0 || v > max) {
                    throw new ManifestFormatException("manifest holds an out-of-range number " + v);
                }
                return v;
            }
        }
        throw new ManifestFormatException("manifest holds a malformed number");
    }
}
