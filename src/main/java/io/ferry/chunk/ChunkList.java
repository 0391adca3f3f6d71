package io.ferry.chunk;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * ChunkList is the ordered, gap-free list of an image's chunks, stored as flat arrays rather than one
 * object per chunk: about 45 bytes a data chunk and 13 a zero chunk, whose id follows from its length
 * and is kept once per length, so a 100 GiB image that is mostly holes costs ~20 MiB, not ~75. Immutable.
 */
public final class ChunkList {
    /** The ids of the data chunks only, in order: chunk i's is at {@link #slot}(i). */
    private final byte[] ids;
    private final int[] lengths;
    private final long[] offsets;
    private final BitSet zero;
    /** How many data chunks come before chunk 64·k: with the bits, where a data chunk's id is. */
    private final int[] dataBefore;
    /** The zero flags as words, for counting them 64 at a time. */
    private final long[] zeroWords;
    private final Map<Integer, ChunkId> zeroIds;
    private final int count;
    private final long size;

    private ChunkList(byte[] ids, int[] lengths, BitSet zero, Map<Integer, ChunkId> zeroIds, int count) {
        this.ids = ids;
        this.lengths = lengths;
        this.zero = zero;
        this.zeroIds = zeroIds;
        this.count = count;
        this.offsets = new long[count];
        this.dataBefore = new int[(count >> 6) + 1];
        this.zeroWords = zero.toLongArray();
        long at = 0;
        int data = 0;
        for (int i = 0; i < count; i++) {
            if ((i & 63) == 0) {
                dataBefore[i >> 6] = data;
            }
            offsets[i] = at;
            at += lengths[i];
            data += zero.get(i) ? 0 : 1;
        }
        this.size = at;
    }

    /** Where data chunk {@code i}'s id starts in {@link #ids}. */
    private int slot(int i) {
        int word = i >> 6;
        long zeros = word < zeroWords.length ? zeroWords[word] : 0;
        long before = (1L << (i & 63)) - 1;
        return (dataBefore[word] + Long.bitCount(~zeros & before)) * ChunkId.BYTES;
    }

    public int count() {
        return count;
    }

    /** The sum of all chunk lengths: the image size. */
    public long size() {
        return size;
    }

    public ChunkId id(int i) {
        return zero.get(check(i)) ? zeroIds.get(lengths[i]) : ChunkId.of(ids, slot(i));
    }

    /** True when chunk {@code i} has the given id, without allocating. */
    public boolean idMatches(int i, ChunkId id) {
        return zero.get(check(i)) ? zeroIds.get(lengths[i]).equals(id) : id.matches(ids, slot(i));
    }

    public long offset(int i) {
        return offsets[check(i)];
    }

    public int length(int i) {
        return lengths[check(i)];
    }

    public boolean isZero(int i) {
        return zero.get(check(i));
    }

    public ChunkRef get(int i) {
        return new ChunkRef(id(i), offset(i), length(i), isZero(i));
    }

    /** The index of the chunk that covers byte {@code position}, or -1 when outside the image. */
    public int indexAt(long position) {
        if (position < 0 || position >= size) {
            return -1;
        }
        int i = Arrays.binarySearch(offsets, 0, count, position);
        return i >= 0 ? i : -i - 2;
    }

    public long zeroBytes() {
        long n = 0;
        for (int i = zero.nextSetBit(0); i >= 0; i = zero.nextSetBit(i + 1)) {
            n += lengths[i];
        }
        return n;
    }

    /** Told of one non-zero chunk: its index and id. */
    @FunctionalInterface
    public interface NonZero {
        void accept(int index, ChunkId id);
    }

    /** Calls {@code action} for every chunk that is not all zeros, in index order. */
    public void forEachNonZero(NonZero action) {
        int data = 0;
        for (int i = zero.nextClearBit(0); i < count; i = zero.nextClearBit(i + 1)) {
            action.accept(i, ChunkId.of(ids, data++ * ChunkId.BYTES));
        }
    }

    private int check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("chunk " + i + " of " + count);
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkList c && count == c.count && zero.equals(c.zero)
                && Arrays.equals(lengths, 0, count, c.lengths, 0, count) && Arrays.equals(ids, c.ids)
                && zeroIds.equals(c.zeroIds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lengths) * 31 + count;
    }

    /**
     * Builder appends chunks in image order, then builds once. Every zero chunk of one length must
     * have the same id (it is the id of that many zeros). Not thread-safe.
     */
    public static final class Builder {
        /** The most chunks a list can hold: their ids must fit one array. */
        private static final int MOST = Integer.MAX_VALUE / ChunkId.BYTES - 1;
        private byte[] ids;
        private int[] lengths;
        private final BitSet zero = new BitSet();
        private final Map<Integer, ChunkId> zeroIds = new HashMap<>();
        private int count;
        private int data;
        private boolean built;

        public Builder() {
            this(64, 64);
        }

        /** A builder sized for {@code expected} chunks, all of them data chunks at most. */
        public Builder(int expected) {
            this(expected, expected);
        }

        /**
         * A builder sized for {@code expected} chunks of which {@code expectedData} are not all zeros
         * (a decoder knows both), so it never regrows.
         */
        public Builder(int expected, int expectedData) {
            ids = new byte[Math.max(1, Math.min(MOST, expectedData)) * ChunkId.BYTES];
            lengths = new int[Math.max(1, Math.min(MOST, expected))];
        }

        public Builder add(ChunkId id, int length, boolean isZero) {
            grow(isZero);
            if (isZero) {
                zeroId(length, id);
            } else {
                id.copyTo(ids, data * ChunkId.BYTES);
            }
            return put(length, isZero);
        }

        /** Appends the id at {@code src[srcOffset]} without allocating a ChunkId (for a zero chunk, once per length). */
        public Builder add(byte[] src, int srcOffset, int length, boolean isZero) {
            grow(isZero);
            if (isZero) {
                if (!zeroIds.containsKey(length)) {
                    zeroId(length, ChunkId.of(src, srcOffset));
                }
            } else {
                System.arraycopy(src, srcOffset, ids, data * ChunkId.BYTES, ChunkId.BYTES);
            }
            return put(length, isZero);
        }

        private void zeroId(int length, ChunkId id) {
            ChunkId known = zeroIds.putIfAbsent(length, id);
            if (known != null && !known.equals(id)) {
                throw new IllegalArgumentException("two zero chunks of " + length + " bytes with different ids");
            }
        }

        private Builder put(int length, boolean isZero) {
            if (length <= 0) {
                throw new IllegalArgumentException("chunk length must be positive, got " + length);
            }
            lengths[count] = length;
            zero.set(count, isZero);
            count++;
            data += isZero ? 0 : 1;
            return this;
        }

        private void grow(boolean isZero) {
            if (built) {
                throw new IllegalStateException("this chunk list is built: the builder may have handed on its arrays");
            }
            if (count == lengths.length) {
                lengths = Arrays.copyOf(lengths, doubled(count));
            }
            if (!isZero && data * ChunkId.BYTES == ids.length) {
                ids = Arrays.copyOf(ids, doubled(data) * ChunkId.BYTES);
            }
        }

        private static int doubled(int n) {
            // in long arithmetic: doubling once overflowed to a negative array size
            int d = (int) Math.min(MOST, n * 2L);
            if (d == n) {
                throw new IllegalStateException("a chunk list holds at most " + MOST + " chunks");
            }
            return d;
        }

        public int count() {
            return count;
        }

        public ChunkList build() {
            // a builder sized exactly hands over its arrays uncopied (a decoded manifest's are the largest)
            ChunkList list = new ChunkList(data * ChunkId.BYTES == ids.length ? ids : Arrays.copyOf(ids, data * ChunkId.BYTES),
                    count == lengths.length ? lengths : Arrays.copyOf(lengths, count), (BitSet) zero.clone(),
                    Map.copyOf(zeroIds), count);
            built = true;
            return list;
        }
    }
}
