package io.ferry.chunk;

import java.util.Arrays;
import java.util.BitSet;

/**
 * ChunkList is the ordered, gap-free list of an image's chunks, stored as flat arrays (about 45 bytes
 * a chunk) rather than one object per chunk, so a 100 GiB image's list fits a small heap. Immutable.
 */
public final class ChunkList {
    private final byte[] ids;
    private final int[] lengths;
    private final long[] offsets;
    private final BitSet zero;
    private final int count;
    private final long size;

    private ChunkList(byte[] ids, int[] lengths, BitSet zero, int count) {
        this.ids = ids;
        this.lengths = lengths;
        this.zero = zero;
        this.count = count;
        this.offsets = new long[count];
        long at = 0;
        for (int i = 0; i < count; i++) {
            offsets[i] = at;
            at += lengths[i];
        }
        this.size = at;
    }

    public int count() {
        return count;
    }

    /** The sum of all chunk lengths: the image size. */
    public long size() {
        return size;
    }

    public ChunkId id(int i) {
        return ChunkId.of(ids, check(i) * ChunkId.BYTES);
    }

    /** True when chunk {@code i} has the given id, without allocating. */
    public boolean idMatches(int i, ChunkId id) {
        return id.matches(ids, check(i) * ChunkId.BYTES);
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
        for (int i = zero.nextClearBit(0); i < count; i = zero.nextClearBit(i + 1)) {
            action.accept(i, id(i));
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
        return o instanceof ChunkList c && count == c.count
                && Arrays.equals(ids, 0, count * ChunkId.BYTES, c.ids, 0, count * ChunkId.BYTES)
                && Arrays.equals(lengths, 0, count, c.lengths, 0, count) && zero.equals(c.zero);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lengths) * 31 + count;
    }

    /** Builder appends chunks in image order, then builds once. Not thread-safe. */
    public static final class Builder {
        /** The most chunks a list can hold: their ids must fit one array. */
        private static final int MOST = Integer.MAX_VALUE / ChunkId.BYTES - 1;
        private byte[] ids;
        private int[] lengths;
        private final BitSet zero = new BitSet();
        private int count;
        private boolean built;

        public Builder() {
            this(64);
        }

        /** A builder sized for {@code expected} chunks (a decoder knows the count), so it never regrows. */
        public Builder(int expected) {
            int n = Math.max(1, Math.min(MOST, expected));
            ids = new byte[n * ChunkId.BYTES];
            lengths = new int[n];
        }

        public Builder add(ChunkId id, int length, boolean isZero) {
            grow();
            id.copyTo(ids, count * ChunkId.BYTES);
            return put(length, isZero);
        }

        /** Appends the id at {@code src[srcOffset]} without allocating a ChunkId. */
        public Builder add(byte[] src, int srcOffset, int length, boolean isZero) {
            grow();
            System.arraycopy(src, srcOffset, ids, count * ChunkId.BYTES, ChunkId.BYTES);
            return put(length, isZero);
        }

        private Builder put(int length, boolean isZero) {
            if (length <= 0) {
                throw new IllegalArgumentException("chunk length must be positive, got " + length);
            }
            lengths[count] = length;
            zero.set(count, isZero);
            count++;
            return this;
        }

        private void grow() {
            if (built) {
                throw new IllegalStateException("this chunk list is built: the builder may have handed on its arrays");
            }
            if (count == lengths.length) {
                // in long arithmetic: doubling once overflowed to a negative array size
                int n = (int) Math.min(MOST, count * 2L);
                if (n == count) {
                    throw new IllegalStateException("a chunk list holds at most " + MOST + " chunks");
                }
                lengths = Arrays.copyOf(lengths, n);
                ids = Arrays.copyOf(ids, n * ChunkId.BYTES);
            }
        }

        public int count() {
            return count;
        }

        public ChunkList build() {
            // a builder sized exactly hands over its arrays uncopied (a decoded manifest's are the largest)
            boolean exact = count == lengths.length;
            ChunkList list = new ChunkList(exact ? ids : Arrays.copyOf(ids, count * ChunkId.BYTES),
                    exact ? lengths : Arrays.copyOf(lengths, count), (BitSet) zero.clone(), count);
            built = true;
            return list;
        }
    }
}
