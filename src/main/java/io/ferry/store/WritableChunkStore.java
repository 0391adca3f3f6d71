package io.ferry.store;

import io.ferry.chunk.ChunkId;
import java.io.IOException;

/** A store chunks can be put into. */
public interface WritableChunkStore extends ChunkStore {
    /** Stores {@code data[off, off+len)}, which the caller has verified to be chunk {@code id}; a repeat is a no-op. */
    void put(ChunkId id, byte[] data, int off, int len) throws IOException;
}
