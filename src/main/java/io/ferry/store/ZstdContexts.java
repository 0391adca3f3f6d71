package io.ferry.store;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * ZstdContexts lends zstd contexts to the threads that compress or decompress one chunk at a time.
 * zstd-jni's one-shot calls create and free a native context per call, which cost a quarter to a third
 * of the work for a chunk of 16-64 KiB (measured with JFR on a delivery); a context is not thread-safe
 * and is not freed by the garbage collector, so they are lent out, not kept per thread (the threads
 * of a delivery end with it). At most {@code keep} idle contexts are kept; {@link #close} frees them.
 */
final class ZstdContexts implements AutoCloseable {
    private final int level;
    private final BlockingQueue<ZstdCompressCtx> compressors;
    private final BlockingQueue<ZstdDecompressCtx> decompressors;

    ZstdContexts(int level, int keep) {
        this.level = level;
        this.compressors = new ArrayBlockingQueue<>(keep);
        this.decompressors = new ArrayBlockingQueue<>(keep);
    }

    /** {@code data[off, off+len)} as one zstd frame that declares its size, at this level. */
    byte[] compress(byte[] data, int off, int len) {
        ZstdCompressCtx c = compressors.poll();
        if (c == null) {
            c = new ZstdCompressCtx().setLevel(level).setContentSize(true);
        }
        try {
            byte[] out = new byte[(int) com.github.luben.zstd.Zstd.compressBound(len)];
            int n = c.compressByteArray(out, 0, out.length, data, off, len);
            return java.util.Arrays.copyOf(out, n);
        } finally {
            if (!compressors.offer(c)) {
                c.close();
            }
        }
    }

    /** Decompresses {@code frame} into {@code dst[0, length)}; the bytes it produced (a RuntimeException when damaged). */
    int decompress(byte[] dst, int length, byte[] frame) {
        ZstdDecompressCtx d = decompressors.poll();
        if (d == null) {
            d = new ZstdDecompressCtx();
        }
        try {
            return d.decompressByteArray(dst, 0, length, frame, 0, frame.length);
        } catch (RuntimeException e) {
            d.close(); // its state after an error is not worth trusting
            d = null;
            throw e;
        } finally {
            if (d != null && !decompressors.offer(d)) {
                d.close();
            }
        }
    }

    @Override
    public void close() {
        for (ZstdCompressCtx c; (c = compressors.poll()) != null; ) {
            c.close();
        }
        for (ZstdDecompressCtx d; (d = decompressors.poll()) != null; ) {
            d.close();
        }
    }
}
