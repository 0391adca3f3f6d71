package io.ferry.manifest;

/**
 * ManifestReader walks the bytes of an encoded manifest, field by field. Every read names what it
 * reads, so running off the end says where the manifest was cut; numbers must be in their shortest
 * form and within the caller's bound, so one manifest has exactly one encoding (decoding and encoding
 * again gives the same bytes, hence the same id). Every failure is a {@link ManifestFormatException}.
 */
final class ManifestReader {
    private final byte[] bytes;
    private final int end;
    private int at;

    /** Reads {@code bytes[0, end)}. */
    ManifestReader(byte[] bytes, int end) {
        this.bytes = bytes;
        this.end = end;
    }

    int position() {
        return at;
    }

    int remaining() {
        return end - at;
    }

    int u8(String what) throws ManifestFormatException {
        need(1, what);
        return bytes[at++] & 0xff;
    }

    /** Skips {@code n} bytes; returns where they start. */
    int skip(int n, String what) throws ManifestFormatException {
        need(n, what);
        int start = at;
        at += n;
        return start;
    }

    /** A copy of the next {@code n} bytes. */
    byte[] take(int n, String what) throws ManifestFormatException {
        int start = skip(n, what);
        return java.util.Arrays.copyOfRange(bytes, start, start + n);
    }

    int u32(String what) throws ManifestFormatException {
        need(4, what);
        int v = (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
        at += 4;
        return v;
    }

    /** An unsigned LEB128 number in its shortest form, at most {@code max}. */
    long varint(long max, String what) throws ManifestFormatException {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = u8(what);
            v |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                if (b == 0 && shift > 0) {
                    throw new ManifestFormatException("manifest holds a number in a padded form (" + what + ")");
                }
                if (v > max) {
                    throw new ManifestFormatException("manifest holds " + v + " in " + what + ", over the limit of " + max);
                }
                return v;
            }
        }
        throw new ManifestFormatException("manifest holds a malformed number (" + what + ")");
    }

    /** The bytes of a varint holding {@code v} (non-negative). */
    static int varintLength(long v) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
    }

    private void need(int n, String what) throws ManifestFormatException {
        if (n > end - at) {
            throw new ManifestFormatException("manifest is truncated: it ends inside " + what);
        }
    }
}
