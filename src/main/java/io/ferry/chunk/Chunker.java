package io.ferry.chunk;

/**
 * Chunker finds chunk boundaries. It is pure: the length it returns depends only on the bytes it is
 * shown, so the cut points of a stream never depend on how the stream was read. Instances hold only
 * immutable tables and may be shared between threads.
 */
public interface Chunker {
    /**
     * Returns the length of the chunk that starts at {@code data[from]}.
     *
     * @param available the bytes visible from {@code from}: at least {@link #maxSize()}, or all the
     *                  bytes left in the stream when fewer remain
     * @return a length in [1, available]; equal to {@code available} when it is at most the minimum
     */
    int cut(byte[] data, int from, int available);

    /** No chunk is longer than this. */
    int maxSize();
}
