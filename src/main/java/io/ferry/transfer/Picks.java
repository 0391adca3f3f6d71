package io.ferry.transfer;

import io.ferry.chunk.ChunkList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Picks is the body of a pick request: chunk indices of one manifest that both sides hold, as
 * ascending ranges, each a varint gap after the end of the previous range and a varint length. A
 * contiguous run costs a few bytes and a scattered chunk two or three, where naming it by id would cost
 * 32 up and 36 in the answer's header: on an update with 7,000 new chunks that is half a megabyte.
 *
 * <p>The form has one encoding per set of indices, and a parser accepts only that: numbers in their
 * shortest form, no empty range, no range that touches the one before it (it would have been part of
 * it). Gaps cannot be negative, so no index is named twice or out of order. At most
 * {@link RequestLimits#MAX_CHUNKS} indices and {@link RequestLimits#MAX_PICK_BODY} bytes; anything
 * else is an {@link IllegalArgumentException} (a 400).
 */
public final class Picks {
    /** The most indices one request may name. */
    public static final int MAX_INDICES = RequestLimits.MAX_CHUNKS;

    private Picks() {
    }

    /** The request body for {@code indices}, which must be strictly ascending and at most {@link #MAX_INDICES}. */
    public static byte[] request(int[] indices) {
        if (indices.length == 0 || indices.length > MAX_INDICES) {
            throw new IllegalArgumentException("a pick names 1 to " + MAX_INDICES + " chunks, not " + indices.length);
        }
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

    /** Refuses a body too long to be a pick, before anything is looked up for it. */
    public static void checkLength(int bodyLength) {
        if (bodyLength > RequestLimits.MAX_PICK_BODY) {
            throw new IllegalArgumentException("a pick request is at most " + RequestLimits.MAX_PICK_BODY
                    + " bytes, got " + bodyLength);
        }
    }

    /** The indices a request body names, each below {@code count}; IllegalArgumentException when malformed. */
    public static int[] parse(byte[] body, int count) {
        checkLength(body.length);
        int[] out = new int[MAX_INDICES];
        int n = 0;
        long end = 0;
        int[] at = {0};
        while (at[0] < body.length) {
            long gap = varint(body, at);
            long length = varint(body, at);
            if (length == 0) {
                throw new IllegalArgumentException("a pick request holds an empty range");
            }
            if (gap == 0 && n > 0) {
                throw new IllegalArgumentException("a pick request holds a range that touches the one before it");
            }
            long start = end + gap;
            if (start + length > count) {
                throw new IllegalArgumentException("a pick request names indices up to " + (start + length - 1)
                        + ", outside the manifest's " + count + " chunks");
            }
            if (n + length > MAX_INDICES) {
                throw new IllegalArgumentException("a pick request may name at most " + MAX_INDICES + " chunks");
            }
            for (long i = start; i < start + length; i++) {
                out[n++] = (int) i;
            }
            end = start + length;
        }
        if (n == 0) {
            throw new IllegalArgumentException("a pick request names no chunks");
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Reads {@code address}'s answer to a pick of {@code indices} of {@code chunks}: for each, in order,
     * a mark and its bytes (verified and handed to {@code receiver}) or a mark that it is absent; returns
     * the ids marked absent. An answer that breaks off, does not match or goes on after them is a
     * {@link PeerException}.
     */
    public static java.util.Set<io.ferry.chunk.ChunkId> readResponse(String address, InputStream body, ChunkList chunks, int[] indices,
                                    Receiver receiver) throws PeerException {
        int max = 1;
        for (int i : indices) {
            max = Math.max(max, chunks.length(i));
        }
        try (InputStream data = ChunkReader.decompressed(body)) {
            ChunkReader reader = new ChunkReader(address, data, max, receiver);
            java.util.Set<io.ferry.chunk.ChunkId> absent = new java.util.HashSet<>();
            for (int i : indices) {
                if (!reader.next(chunks.id(i), chunks.length(i))) {
                    absent.add(chunks.id(i));
                }
            }
            ChunkReader.expectEnd(address, "pick response", data);
            return absent;
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(address + " broke off a pick response: " + e.getMessage(), PeerException.Kind.TRANSIENT, e);
        }
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A number of at most 31 bits, in its shortest form. */
    private static long varint(byte[] b, int[] at) {
        long v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (at[0] >= b.length) {
                throw new IllegalArgumentException("a pick request ends inside a number");
            }
            int x = b[at[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                if (x == 0 && shift > 0) {
                    throw new IllegalArgumentException("a pick request holds a number in a padded form");
                }
                if (v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("a pick request holds a number too large");
                }
                return v;
            }
        }
        throw new IllegalArgumentException("a pick request holds a number too large");
    }
}
