package io.ferry.store;

import io.ferry.chunk.ChunkId;

/**
 * CorruptChunkException: a store's copy of a chunk did not match its name. The copy has been dropped
 * (or, in a seed file, is no longer trusted), so to the caller the chunk is as good as missing.
 */
public final class CorruptChunkException extends MissingChunkException {
    public CorruptChunkException(ChunkId id, Object store) {
        super(id, "the copy of chunk " + id + " in " + store + " does not match its name");
    }
}
