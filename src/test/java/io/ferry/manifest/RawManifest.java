package io.ferry.manifest;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.Sha256;
import io.ferry.chunk.ZeroChunks;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * RawManifest writes manifest bytes field by field, with any values at all: what a hostile peer can
 * send, which the codec's own encoder (fed only valid manifests) never makes. Also valid samples.
 */
final class RawManifest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A header with these values as they are, checked by nothing. */
    static RawManifest header(String name, long size, int kind, int min, int avg, int max, long count) {
        RawManifest m = new RawManifest();
        m.out.writeBytes(ManifestHeader.MAGIC);
        m.out.write(ManifestHeader.WITH_DIGEST);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        m.varint(n.length);
        m.out.writeBytes(n);
        m.varint(size);
        m.out.writeBytes(new byte[32]);
        m.out.write(kind);
        m.varint(min);
        m.varint(avg);
        m.varint(max);
        m.varint(count);
        return m;
    }

    RawManifest zeros(int n, int length) {
        for (int i = 0; i < n; i++) {
            varint((long) length << 1 | 1);
        }
        return this;
    }

    RawManifest data(int length, byte fill) {
        varint((long) length << 1);
        for (int i = 0; i < ChunkId.BYTES; i++) {
            out.write(fill);
        }
        return this;
    }

    RawManifest raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    RawManifest varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    /** The bytes so far, unsealed. */
    byte[] bytes() {
        return out.toByteArray();
    }

    /** The bytes so far, sealed with their checksum. */
    byte[] seal() {
        return seal(out.toByteArray());
    }

    /** {@code body} followed by its CRC32C, as the codec ends a manifest. */
    static byte[] seal(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }

    /** {@code encoded} with a fresh checksum over all but its last four bytes: damage the checksum does not catch. */
    static byte[] reseal(byte[] encoded) {
        if (encoded.length < 4) {
            return encoded;
        }
        return seal(java.util.Arrays.copyOf(encoded, encoded.length - 4));
    }

    /** A valid manifest shaped like a real image: zero chunks at the maximum, data chunks around avg. */
    static Manifest sample(ZeroChunks zeros, long seed, int chunks) {
        ChunkerParams p = ChunkerParams.fastCdc(16384);
        SplittableRandom r = new SplittableRandom(seed);
        ChunkList.Builder b = new ChunkList.Builder();
        byte[] id = new byte[32];
        for (int i = 0; i < chunks; i++) {
            if (r.nextInt(4) == 0) {
                b.add(zeros.id(p.max()), p.max(), true);
            } else {
                r.nextBytes(id);
                b.add(ChunkId.of(id), p.min() + r.nextInt(p.max() - p.min()), false);
            }
        }
        ChunkList list = b.build();
        return new Manifest("v" + seed, list.size(), ImageDigest.of(new Sha256().digest(new byte[] {1}, 0, 1).bytes()),
                p, list);
    }
}
