package io.ferry.chunk;

import java.util.SplittableRandom;

/**
 * FastCdcChunker implements FastCDC as revised in 2020 (Xia et al., "The Design of Fast
 * Content-Defined Chunking for Data Deduplication Based Storage Systems", TPDS 2020): a gear rolling
 * hash, cut-point skipping (no hashing before {@code min}), and normalized chunking at level 2 (a mask
 * with two more one-bits before {@code avg}, two fewer after it), which narrows the size spread.
 *
 * <p>The gear table is 256 pseudo-random 64-bit words from a fixed seed, so Ferry's cut points are
 * stable across releases; they are pinned by golden vectors in the tests. Mask bits sit in the high
 * part of the word (below bit 63), where each bit depends on the last 40+ bytes rather than the last
 * few, which is what the paper's spread masks achieve.
 */
final class FastCdcChunker implements Chunker {
    /** The seed of the gear table. Changing it changes every chunk boundary Ferry has ever made. */
    static final long GEAR_SEED = 0x4645525259L;

    private final long[] gear = new long[256];
    private final int min;
    private final int avg;
    private final int max;
    private final long maskSmall;
    private final long maskLarge;

    FastCdcChunker(ChunkerParams p) {
        this.min = p.min();
        this.avg = p.avg();
        this.max = p.max();
        System.arraycopy(gearTable(), 0, gear, 0, gear.length);
        int bits = Integer.numberOfTrailingZeros(avg);
        maskSmall = highMask(bits + 2);
        maskLarge = highMask(bits - 2);
    }

    /** The 256 gear words, from {@link #GEAR_SEED}. */
    static long[] gearTable() {
        long[] g = new long[256];
        SplittableRandom random = new SplittableRandom(GEAR_SEED);
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextLong();
        }
        return g;
    }

    /** {@code ones} one-bits ending at bit 62 (none for zero: every candidate cuts). */
    static long highMask(int ones) {
        return ((1L << ones) - 1) << (63 - ones);
    }

    @Override
    public int cut(byte[] data, int from, int available) {
        if (available <= min) {
            return available;
        }
        int limit = Math.min(available, max);
        int normal = Math.min(avg, limit);
        long[] g = gear;
        long fp = 0;
        int i = from + min;
        int end = from + normal;
        // two loops instead of one with a size test: the hot loop stays branch-light
        for (; i < end; i++) {
            fp = (fp << 1) + g[data[i] & 0xff];
            if ((fp & maskSmall) == 0) {
                return i - from + 1;
            }
        }
        end = from + limit;
        for (; i < end; i++) {
            fp = (fp << 1) + g[data[i] & 0xff];
            if ((fp & maskLarge) == 0) {
                return i - from + 1;
            }
        }
        return limit;
    }

    @Override
    public int maxSize() {
        return max;
    }
}
