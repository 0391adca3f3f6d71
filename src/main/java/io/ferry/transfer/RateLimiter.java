package io.ferry.transfer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * RateLimiter caps the bytes per second a node sends, over all its responses together (a token
 * bucket holding at most a quarter second's worth). Thread-safe. A rate of 0 means no limit.
 */
public final class RateLimiter {
    private final long bytesPerSecond;
    private double tokens;
    private long last = System.nanoTime();

    public RateLimiter(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a rate cannot be negative");
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Waits until {@code n} more bytes may be sent. */
    public void acquire(int n) throws InterruptedIOException {
        if (bytesPerSecond == 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(bytesPerSecond / 4.0, tokens + (now - last) * bytesPerSecond / 1e9);
            last = now;
            tokens -= n;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens * 1e9 / bytesPerSecond);
        }
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while pacing a response");
            }
        }
    }

    /** {@code out}, paced by this limiter. */
    public OutputStream pace(OutputStream out) {
        if (bytesPerSecond == 0) {
            return out;
        }
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int done = 0; done < len; ) {
                    int n = Math.min(16 * 1024, len - done);
                    acquire(n);
                    out.write(b, off + done, n);
                    done += n;
                }
            }
        };
    }
}
