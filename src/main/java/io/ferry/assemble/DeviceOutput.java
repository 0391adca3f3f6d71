package io.ferry.assemble;

import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.Manifest;
import io.ferry.util.NativeFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * DeviceOutput writes an image in place into a block device (a disk, a partition, an LVM volume, a
 * loop device) at least as large as the image. The device is held exclusively for the whole delivery,
 * so one that is mounted or in use is refused and nothing mounts it meanwhile. Zero chunks are made
 * zeros by {@code BLKZEROOUT} where the device does it and the range is page-aligned, else by writing
 * zeros; never by a discard, which does not promise zeros. Nothing is renamed: the bytes are at the
 * target as they arrive, so the assembly reads every chunk back from the device before it reports
 * success ({@link #readsBack()}), with the page cache dropped first so the reads come from the device.
 * Bytes past the image's end are left as they were.
 */
final class DeviceOutput implements Output {
    /**
     * BLKZEROOUT drops the cached pages of its range; a range that shared a page with a neighbouring
     * chunk being written through the cache could race with that write, so only whole pages are zeroed so.
     */
    private static final int PAGE = 4096;

    private final OutputTarget target;
    private final NativeFile claim;
    private final FileChannel out;
    private final ZeroChunks zeros;
    /** The most zeros one BLKZEROOUT is asked for: a huge image still shows progress between calls. */
    private static final long MAX_RUN = 256L << 20;
    private volatile boolean noZeroOut;
    private long runStart = -1;
    private long runEnd = -1;

    private DeviceOutput(OutputTarget target, NativeFile claim, FileChannel out, ZeroChunks zeros) {
        this.target = target;
        this.claim = claim;
        this.out = out;
        this.zeros = zeros;
    }

    /** Claims the device exclusively and checks it can hold {@code m}. */
    static DeviceOutput open(OutputTarget target, Manifest m, ZeroChunks zeros) throws IOException {
        Path dev = target.real();
        NativeFile claim;
        try {
            claim = NativeFile.openExclusive(dev);
        } catch (FileSystemException e) {
            throw new OutputRefusedException("cannot write image '" + m.name() + "' to " + target.path() + ": "
                    + e.getReason());
        }
        try {
            long size = claim.deviceSize();
            if (size < m.size()) {
                throw new OutputRefusedException("device " + target.path() + " holds " + size + " bytes, fewer than the "
                        + m.size() + " of image '" + m.name() + "'");
            }
            return new DeviceOutput(target, claim, FileChannel.open(dev, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), zeros);
        } catch (IOException | RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    @Override
    public Path target() {
        return target.path();
    }

    @Override
    public Path writtenAt() {
        return target.real();
    }

    @Override
    public FileChannel channel() {
        return out;
    }

    @Override
    public boolean resumed() {
        return false;
    }

    /**
     * Zero chunks come one by one, mostly in runs: a run is gathered and zeroed with one call when it
     * ends (or at {@link #MAX_RUN}), rather than one ioctl per chunk (measured: ~26,000 calls for the
     * free space of a 2 GiB image).
     */
    @Override
    public synchronized void zero(long at, int len, byte[] buf) throws IOException {
        if (at == runEnd && runEnd - runStart + len <= MAX_RUN) {
            runEnd += len;
            return;
        }
        zeroRun();
        runStart = at;
        runEnd = at + len;
    }

    /** Zeroes the gathered run: whole pages inside it by BLKZEROOUT where the device does it, the rest by writing. */
    private void zeroRun() throws IOException {
        long a = runStart;
        long e = runEnd;
        runStart = -1;
        runEnd = -1;
        if (a < 0) {
            return;
        }
        long pagesFrom = (a + PAGE - 1) / PAGE * PAGE;
        long pagesTo = e / PAGE * PAGE;
        if (!noZeroOut && pagesTo > pagesFrom) {
            if (claim.zeroOut(pagesFrom, pagesTo - pagesFrom)) {
                writeZeros(a, pagesFrom);
                writeZeros(pagesTo, e);
                return;
            }
            noZeroOut = true; // not supported here: every later range is written as zeros too
        }
        writeZeros(a, e);
    }

    private void writeZeros(long from, long to) throws IOException {
        for (long pos = from; pos < to; ) {
            ByteBuffer z = zeros.view((int) Math.min(to - pos, 1 << 20));
            while (z.hasRemaining()) {
                pos += out.write(z, pos);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (this) {
            zeroRun();
        }
        out.force(true);
        claim.dropCache();
    }

    @Override
    public boolean readsBack() {
        return true;
    }

    @Override
    public void publish() throws IOException {
        close();
    }

    @Override
    public void abandon(boolean keep) throws IOException {
        close();
    }

    private void close() throws IOException {
        try {
            out.close();
        } finally {
            claim.close();
        }
    }

    @Override
    public String leftBehind(boolean keep) {
        return "; device " + target.path() + " now holds only part of the image";
    }
}
