package io.ferry.transfer;

import java.io.ByteArrayOutputStream;

/**
 * Picks is the body of a pick request: chunk indices of one manifest that both sides hold, as
 * ascending ranges, each a varint gap after the end of the previous range and a varint length. A
 * contiguous run costs a few bytes and a scattered chunk two or three, where naming it by id would cost
 * 32 up and 36 in the answer's header: on an update with 7,000 new chunks that is half a megabyte.
 */
public final class Picks {
    /** The most indices one request may name. */
    public static final int MAX_INDICES = 1 << 20;

    private Picks() {
    }

    /** The request body for {@code indices}, which must be strictly ascending. */
    public static byte[] request(int[] indices) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(indices.length + 8);
        int end = 0;
        for (int i = 0; i < indices.length; ) {
            if (indices[i] < end) {
                throw new IllegalArgumentException("pick indices must be strictly ascending");
            }
            int j = i + 1;
            while (j < indices.length && indices[j] == indices[j - 1] + 1) {
                j++;
            }
            varint(out, indices[i] - end);
            varint(out, j - i);
            end = indices[j - 1] + 1;
            i = j;
        }
        return out.toByteArray();
    }

    /** The indices a request body names, each below {@code count}; IllegalArgumentException when malformed. */
    public static int[] parse(byte[] body, int count) {
        int[] out = new int[Math.min(MAX_INDICES, Math.max(16, body.length))];
        int n = 0;
        long end = 0;
        int[] at = {0};
        while (at[0] < body.length) {
            long start = end + varint(body, at);
            long length = varint(body, at);
            if (length == 0 || start + length > count || n + length > MAX_INDICES) {
                throw new IllegalArgumentException("a pick request names indices outside the manifest's " + count
                        + " chunks, an empty range, or more than " + MAX_INDICES);
            }
            if (n + length > out.length) {
                out = java.util.Arrays.copyOf(out, (int) Math.min(MAX_INDICES, Math.max(out.length * 2L, n + length)));
            }
            for (long i = start; i < start + length; i++) {
                out[n++] = (int) i;
            }
            end = start + length;
        }
        if (n == 0) {
            throw new IllegalArgumentException("a pick request names no chunks");
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long varint(byte[] b, int[] at) {
        long v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (at[0] >= b.length) {
                throw new IllegalArgumentException("a pick request ends inside a number");
            }
            int x = b[at[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                return v;
            }
        }
        throw new IllegalArgumentException("a pick request holds a number too large");
    }
}
