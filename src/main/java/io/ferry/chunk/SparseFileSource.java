package io.ferry.chunk;

import io.ferry.util.NativeFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * SparseFileSource reads a file (or block device) of a known size by position, asking the file system
 * where its data lies ({@code SEEK_DATA}/{@code SEEK_HOLE}) so that a hole is never read: a short hole
 * is zeros put into the buffer, and before a long one {@link #fill} stops {@code lookahead} bytes into
 * it so that the pipeline skips the rest ({@link #zerosAt}). A file system that cannot tell is all
 * data. The file is assumed not to change; the importer checks that afterwards.
 */
public final class SparseFileSource implements ByteSource {
    /**
     * Small enough that the buffer stays in the core's cache between the kernel's copy into it and ours
     * out of it: at 1 MiB, pread's copy took 1.5 s of system time on 2 GiB, at 128 KiB 0.45 s.
     */
    private static final int READ_SIZE = 128 << 10;
    private final FileChannel in;
    private final NativeFile holes;
    private final long size;
    private final long longHole;
    private final int lookahead;
    private final ByteBuffer direct = ByteBuffer.allocateDirect(READ_SIZE);
    /**
     * What the last look-up found: from {@code askedAt}, a hole up to {@code dataFrom}, then data up to
     * {@code dataTo}; so an extent costs two lseeks, not two per read.
     */
    private long askedAt = -1;
    private long dataFrom = -1;
    private long dataTo = -1;
    private boolean truncated;

    /**
     * @param holes     answers where data lies in {@code in}'s file
     * @param size      the file's size: nothing at or past it is read
     * @param lookahead how far into a long hole a fill goes: the chunker's max, so the cutter sees a
     *                  whole window of the hole's zeros before the rest is skipped
     */
    public SparseFileSource(FileChannel in, NativeFile holes, long size, int lookahead) {
        this.in = in;
        this.holes = holes;
        this.size = size;
        this.lookahead = lookahead;
        // shorter holes cost a fill of zeros in memory, cheaper than ending a segment early for them
        this.longHole = Math.max(1 << 20, 4L * lookahead);
    }

    @Override
    public long zerosAt(long at) throws IOException {
        return at >= size ? 0 : nextData(at) - at;
    }

    /** Where data begins at or after {@code at} (the size when only a hole is left); finds its end too. */
    private long nextData(long at) throws IOException {
        if (at >= askedAt && at < dataTo) {
            return Math.max(at, dataFrom);
        }
        askedAt = at;
        long d = holes.nextData(at);
        if (d < 0 || d >= size) {
            dataFrom = size;
            dataTo = size;
            return size;
        }
        dataFrom = d;
        dataTo = Math.max(d + 1, holes.nextHole(d, size));
        return d;
    }

    @Override
    public int fill(byte[] buf, int off, long at, int len) throws IOException {
        long end = Math.min(size, at + len);
        long p = at;
        while (p < end && !truncated) {
            long data = Math.min(nextData(p), size);
            if (data > p) {
                long holeEnd = Math.min(data, end);
                if (data - p >= longHole) {
                    // stop inside the hole; the caller skips what lies beyond one window of it
                    holeEnd = Math.min(end, p + lookahead);
                    Arrays.fill(buf, off + (int) (p - at), off + (int) (holeEnd - at), (byte) 0);
                    p = holeEnd;
                    break;
                }
                Arrays.fill(buf, off + (int) (p - at), off + (int) (holeEnd - at), (byte) 0);
                p = holeEnd;
                continue;
            }
            p = read(buf, off + (int) (p - at), p, Math.min(dataTo, end));
        }
        return (int) (p - at);
    }

    /** Reads [from, to) into buf at off; returns where it got to (short only when the file shrank). */
    private long read(byte[] buf, int off, long from, long to) throws IOException {
        long p = from;
        while (p < to) {
            direct.clear().limit((int) Math.min(direct.capacity(), to - p));
            int n = in.read(direct, p);
            if (n < 0) {
                truncated = true;
                break;
            }
            direct.flip().get(buf, off + (int) (p - from), n);
            p += n;
        }
        return p;
    }

    @Override
    public boolean atEnd(long at) {
        return at >= size || truncated;
    }
}
