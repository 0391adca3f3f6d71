package io.ferry.chunk;

/**
 * ChunkRef places one chunk in an image: its id, where it starts and how long it is. A zero chunk
 * is all zero bytes; it never crosses the network or enters a store and becomes a hole on output.
 */
public record ChunkRef(ChunkId id, long offset, int length, boolean zero) {
    public ChunkRef {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("bad chunk placement: offset " + offset + ", length " + length);
        }
    }

    public long end() {
        return offset + length;
    }
}
