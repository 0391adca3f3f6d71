package io.ferry.chunk;

/**
 * BlockCdcChunker is content-defined chunking on a block grid, made for disk images. A chunk may end
 * only a whole number of blocks (4 KiB) after its start; whether it ends at a candidate is decided
 * by a gear hash of the 64 bytes just before it, with FastCDC's cut-point skipping and normalization.
 * Free space is content too: a candidate where an all-zero block meets a non-zero one is always a
 * cut, and a candidate between two zero blocks never is, so runs of zeros become zero chunks of
 * their own (which never move) and data chunks start where the data starts.
 *
 * <p>Why: a filesystem image changes whole blocks in place and moves data in whole blocks, so cuts
 * on the block grid isolate a changed block as fixed 4 KiB chunks do, while the average chunk stays
 * at 16 KiB and the manifest four times smaller. Every chunk but the last is a whole number of
 * blocks, so "a multiple of the block size from the chunk's start" is also "on the image's block
 * grid", and the cut still depends only on the bytes. Data shifted by a non-multiple of the block
 * size (an insertion into a tar stream, say) does not resynchronise: that is FastCDC's job.
 */
final class BlockCdcChunker implements Chunker {
    static final int BLOCK = ChunkerParams.BLOCK;
    private static final int WINDOW = 64;

    private final long[] gear;
    private final int min;
    private final int avg;
    private final int max;
    private final long maskSmall;
    private final long maskLarge;
    private final byte[] zeroBlock = new byte[BLOCK];

    BlockCdcChunker(ChunkerParams p) {
        this.min = p.min();
        this.avg = p.avg();
        this.max = p.max();
        this.gear = FastCdcChunker.gearTable();
        // a candidate comes every BLOCK bytes, so avg/BLOCK candidates per chunk on average
        int bits = Integer.numberOfTrailingZeros(avg / BLOCK);
        maskSmall = FastCdcChunker.highMask(bits + 1);
        maskLarge = FastCdcChunker.highMask(Math.max(0, bits - 1));
    }

    private long windowHash(byte[] data, int end) {
        long fp = 0;
        for (int i = end - WINDOW; i < end; i++) {
            fp = (fp << 1) + gear[data[i] & 0xff];
        }
        return fp;
    }

    @Override
    public int cut(byte[] data, int from, int available) {
        if (available <= min) {
            return available;
        }
        int limit = Math.min(available, max);
        int end = from + available;
        for (int len = min; len < limit; len += BLOCK) {
            int at = from + len;
            // free space gets chunks of its own: cut where it begins or ends, never inside it
            boolean zeroBefore = isZero(data, at - BLOCK, BLOCK);
            boolean zeroAfter = isZero(data, at, Math.min(BLOCK, end - at));
            if (zeroBefore != zeroAfter) {
                return len;
            }
            if (!zeroBefore && (windowHash(data, at) & (len < avg ? maskSmall : maskLarge)) == 0) {
                return len;
            }
        }
        return limit;
    }

    private boolean isZero(byte[] data, int from, int n) {
        return java.util.Arrays.mismatch(data, from, from + n, zeroBlock, 0, n) < 0;
    }

    @Override
    public int maxSize() {
        return max;
    }
}
