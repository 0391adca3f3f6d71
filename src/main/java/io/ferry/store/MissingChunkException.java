package io.ferry.store;

import io.ferry.chunk.ChunkId;
import java.io.IOException;

/**
 * MissingChunkException: a store has no good copy of a chunk. Expected often (a delivery asks its local
 * stores for every chunk before it asks peers), so it carries no stack trace.
 */
public class MissingChunkException extends IOException {
    private final transient ChunkId id;

    public MissingChunkException(ChunkId id, String message) {
        super(message, null);
        this.id = id;
    }

    /** Chunk {@code id} is not in {@code store}. */
    public static MissingChunkException notIn(ChunkId id, Object store) {
        return new MissingChunkException(id, "chunk " + id + " is not in " + store);
    }

    public ChunkId id() {
        return id;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
