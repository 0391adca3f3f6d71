package io.ferry.chunk;

import java.io.IOException;

/**
 * ByteSource is what {@link ChunkingPipeline} reads: the bytes of one image, front to back, and where
 * it can tell without reading them, the runs of zeros (a sparse file's holes) that it may skip.
 * Not thread-safe: one scan uses it from one thread.
 */
public interface ByteSource {
    /**
     * How many bytes from {@code at} are known to be zero without reading them (a hole); 0 when
     * {@code at} is in data or nothing is known.
     */
    long zerosAt(long at) throws IOException;

    /**
     * Fills {@code buf[off, off + len)} with the bytes from position {@code at} on. Calls come in
     * order: {@code at} is where the previous call's bytes ended, or further on after a skip.
     *
     * @return how many bytes it filled: {@code len}, or fewer at the end of the input or before a long
     *         run of zeros the caller had better skip
     */
    int fill(byte[] buf, int off, long at, int len) throws IOException;

    /** True when there are no bytes at or after {@code at}. */
    boolean atEnd(long at) throws IOException;
}
