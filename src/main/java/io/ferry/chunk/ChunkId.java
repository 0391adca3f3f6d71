package io.ferry.chunk;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * ChunkId is the SHA-256 digest of a chunk's uncompressed bytes. Immutable; equal ids mean equal
 * content. {@link #toString()} is the lowercase hex form used in file names and on the wire.
 */
public final class ChunkId implements Comparable<ChunkId> {
    public static final int BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] digest;

    private ChunkId(byte[] digest) {
        this.digest = digest;
    }

    /** Copies a 32-byte digest. */
    public static ChunkId of(byte[] digest) {
        if (digest.length != BYTES) {
            throw new IllegalArgumentException("a chunk id is 32 bytes, got " + digest.length);
        }
        return new ChunkId(digest.clone());
    }

    /** Reads 32 bytes at {@code offset} of {@code src}. */
    public static ChunkId of(byte[] src, int offset) {
        return new ChunkId(Arrays.copyOfRange(src, offset, offset + BYTES));
    }

    /** Parses 64 hex digits; anything else is rejected, so a path or request cannot smuggle text. */
    public static ChunkId parseHex(String hex) {
        if (hex.length() != 2 * BYTES) {
            throw new IllegalArgumentException("a chunk id is 64 hex digits, got '" + hex + "'");
        }
        try {
            return new ChunkId(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a chunk id is 64 hex digits, got '" + hex + "'");
        }
    }

    public byte[] bytes() {
        return digest.clone();
    }

    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(digest, 0, dst, offset, BYTES);
    }

    public boolean matches(byte[] other, int offset) {
        return Arrays.equals(digest, 0, BYTES, other, offset, offset + BYTES);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkId c && Arrays.equals(digest, c.digest);
    }

    @Override
    public int hashCode() {
        // a digest is already uniformly distributed: its first bytes are a good hash
        return (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
    }

    @Override
    public int compareTo(ChunkId o) {
        return Arrays.compareUnsigned(digest, o.digest);
    }

    @Override
    public String toString() {
        return HEX.formatHex(digest);
    }
}
