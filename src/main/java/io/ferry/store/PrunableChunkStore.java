package io.ferry.store;

import io.ferry.chunk.ChunkId;
import java.io.IOException;
import java.util.List;

/** A store whose chunks can be listed and removed, to keep it within a bound. */
public interface PrunableChunkStore extends WritableChunkStore {
    /** One stored chunk as eviction sees it: the bytes it takes and when it was last used. */
    record Entry(ChunkId id, long bytes, long lastUsedMillis) {
    }

    /** Every stored chunk. */
    List<Entry> entries();

    /** Removes a chunk; returns the bytes it took (given back by {@link #compact}). */
    long delete(ChunkId id) throws IOException;

    /**
     * Gives back the space of removed chunks: all of it when {@code thorough}, else where it pays.
     * Returns the bytes given back.
     */
    long compact(boolean thorough) throws IOException;
}
