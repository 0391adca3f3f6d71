package io.ferry.manifest;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.Sha256;
import io.ferry.chunk.ZeroChunks;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.zip.CRC32C;

/**
 * ManifestCodec is the binary form of a manifest, version 1 when the whole image's SHA-256 is known
 * and version 2, the same without it, when it is not:
 *
 * <pre>
 * "FRYM" u8:version (1 or 2)
 * varint:name-length name(UTF-8)   varint:size   [32B:image-sha256, version 1 only]
 * u8:chunker-kind varint:min varint:avg varint:max
 * varint:count   count × { varint:(length &lt;&lt; 1 | zero) [32B:chunk-id unless zero] }
 * u32:CRC32C of everything before it (big-endian)
 * </pre>
 *
 * All-zero chunks carry no id (it follows from their length), which keeps a mostly empty disk's
 * manifest small: a 2 GiB image at 16 KiB chunks is well under 2 MiB. The trailing checksum tells
 * garbled bytes from a consistent-looking manifest; every field is also checked on its own. Numbers
 * are in their shortest form and the version follows from whether there is a digest, so a manifest has
 * one encoding: a manifest of either version decodes and encodes back to the same bytes, hence the same
 * id, and a manifest with a digest is byte for byte what the previous release wrote. A manifest holds at most
 * {@link Manifest#MAX_CHUNKS} chunks of an image of at most {@link Manifest#MAX_SIZE} bytes, so its
 * encoding is at most {@link #MAX_BYTES}.
 */
public final class ManifestCodec {
    /** What a truncation inside the records is said to cut (a name per record would cost a string each). */
    private static final String CHUNKS = "the chunk records";
    /**
     * The longest manifest: the longest header, then {@link Manifest#MAX_CHUNKS} records of at most
     * 36 bytes (a 4-byte length, a 32-byte id), then the checksum: about 1.1 GiB.
     */
    public static final int MAX_BYTES = ManifestHeader.MAX_BYTES + Manifest.MAX_CHUNKS * (4 + ChunkId.BYTES) + 4;

    private final ZeroChunks zeros;

    public ManifestCodec(ZeroChunks zeros) {
        this.zeros = zeros;
    }

    public byte[] encode(Manifest m) {
        ChunkList chunks = m.chunks();
        // a zero chunk takes a few bytes, so sized by the data chunks (a sparse image has millions of zero ones)
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + chunks.count() * 3 + (int) Math.min(1 << 30,
                (long) (chunks.count() - zeroCount(chunks)) * 36));
        out.writeBytes(ManifestHeader.MAGIC);
        out.write(m.digest() != null ? ManifestHeader.WITH_DIGEST : ManifestHeader.WITHOUT_DIGEST);
        byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
        varint(out, name.length);
        out.writeBytes(name);
        varint(out, m.size());
        if (m.digest() != null) {
            out.writeBytes(m.digest().bytes());
        }
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

    /**
     * Decodes a manifest, every byte of which may come from a peer. Anything that is not exactly the
     * encoding of a valid manifest is a {@link ManifestFormatException} and nothing else: the length is
     * checked against what the header declares before any chunk is read, the records and the checksum
     * before anything is allocated for them, and the work is bounded by the length (at most
     * {@link #MAX_BYTES}) plus hashing at most one chunk's worth of zeros.
     */
    public Manifest decode(byte[] bytes) throws ManifestFormatException {
        if (bytes.length > MAX_BYTES) {
            throw new ManifestFormatException("manifest is " + bytes.length + " bytes, over the limit of " + MAX_BYTES);
        }
        ManifestReader in = new ManifestReader(bytes, bytes.length);
        ManifestHeader h = ManifestHeader.read(in);
        h.checkLength(bytes.length);
        int[] data = {0};
        BitSet zeroLengths = walk(in, h, data);
        int body = in.position();
        int stored = in.u32("the checksum");
        if (in.remaining() > 0) {
            throw new ManifestFormatException("manifest has " + in.remaining() + " unexpected trailing bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, body);
        if ((int) crc.getValue() != stored) {
            throw new ManifestFormatException("manifest is garbled (checksum mismatch)");
        }
        int[] lengths = zeroLengths.stream().toArray();
        ChunkId[] zeroIds = zeros.ids(lengths);
        ChunkList.Builder chunks = new ChunkList.Builder(h.count(), data[0]);
        ManifestReader again = new ManifestReader(bytes, body);
        again.skip(h.chunksAt(), "the header");
        for (int i = 0; i < h.count(); i++) {
            long tag = again.varint(Long.MAX_VALUE, CHUNKS);
            int length = (int) (tag >>> 1);
            if ((tag & 1) == 1) {
                chunks.add(zeroIds[java.util.Arrays.binarySearch(lengths, length)], length, true);
            } else {
                chunks.add(bytes, again.skip(ChunkId.BYTES, CHUNKS), length, false);
            }
        }
        try {
            ImageDigest digest = h.digest() == null ? null : ImageDigest.of(h.digest());
            return new Manifest(h.name(), h.size(), digest, h.chunker(), chunks.build());
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException("manifest is inconsistent: " + e.getMessage());
        }
    }

    /**
     * Checks every chunk record without keeping any: lengths within the chunker's bounds (only the
     * last may be short), adding up to the size. Returns the lengths of the zero chunks; counts the
     * others in {@code data[0]}.
     */
    private static BitSet walk(ManifestReader in, ManifestHeader h, int[] data) throws ManifestFormatException {
        ChunkerParams p = h.chunker();
        BitSet zeroLengths = new BitSet();
        long total = 0;
        for (int i = 0; i < h.count(); i++) {
            long tag = in.varint((long) p.max() << 1 | 1, CHUNKS);
            int length = (int) (tag >>> 1);
            if (length == 0 || (length < p.min() && i != h.count() - 1)) {
                throw new ManifestFormatException("manifest's chunk " + i + " of " + h.count() + " is " + length
                        + " bytes, outside " + p.describe());
            }
            total += length;
            if ((tag & 1) == 1) {
                zeroLengths.set(length);
            } else {
                in.skip(ChunkId.BYTES, CHUNKS);
                data[0]++;
            }
        }
        if (total != h.size()) {
            throw new ManifestFormatException("manifest is inconsistent: chunks cover " + total
                    + " bytes but the image has " + h.size());
        }
        return zeroLengths;
    }

    private static int zeroCount(ChunkList chunks) {
        int[] data = {0};
        chunks.forEachNonZero((i, id) -> data[0]++);
        return chunks.count() - data[0];
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
