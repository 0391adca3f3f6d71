package io.ferry.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * StreamSource reads a channel that can only be read in order (a pipe, a socket): every byte is read
 * and no run of zeros is known in advance, so nothing is skipped.
 */
public final class StreamSource implements ByteSource {
    /**
     * Small enough that the buffer stays in the core's cache between the kernel's copy into it and ours
     * out of it: at 1 MiB, pread's copy took 1.5 s of system time on 2 GiB, at 128 KiB 0.45 s.
     */
    private static final int READ_SIZE = 128 << 10;
    private final ReadableByteChannel in;
    // a direct buffer: reading a channel straight into a heap array goes through a hidden temporary
    // and ran at a quarter of this speed (see docs/benchmarks.md)
    private final ByteBuffer direct = ByteBuffer.allocateDirect(READ_SIZE);
    private long read;
    private boolean eof;

    public StreamSource(ReadableByteChannel in) {
        this.in = in;
    }

    @Override
    public long zerosAt(long at) {
        return 0;
    }

    @Override
    public int fill(byte[] buf, int off, long at, int len) throws IOException {
        if (at != read) {
            throw new IllegalStateException("a stream is read in order: asked for " + at + " after " + read);
        }
        int filled = 0;
        while (!eof && filled < len) {
            direct.clear().limit(Math.min(direct.capacity(), len - filled));
            int n = in.read(direct);
            if (n < 0) {
                eof = true;
            } else {
                direct.flip().get(buf, off + filled, n);
                filled += n;
            }
        }
        read += filled;
        return filled;
    }

    @Override
    public boolean atEnd(long at) {
        return eof && at >= read;
    }
}
