package io.ferry.store;

import io.ferry.chunk.ChunkId;
import java.io.IOException;

/**
 * ChunkStore yields verified chunk bytes: the read side every local store has. Capabilities are
 * layered: {@link WritableChunkStore} adds storing, {@link PrunableChunkStore} removing and listing.
 * Implementations are thread-safe; one contract test runs over all of them.
 */
public interface ChunkStore {
    /** The length of chunk {@code id} if this store has a copy (not yet verified); -1 when it has none. */
    int length(ChunkId id);

    /**
     * Reads chunk {@code id} of {@code length} bytes into {@code dst[0, length)}, verified against its id.
     *
     * @return where the bytes came from
     * @throws MissingChunkException when this store has no copy; {@link CorruptChunkException} when the
     *                               copy it had did not match its name (and has been dropped)
     * @throws IOException           when the store itself cannot be read
     */
    Origin read(ChunkId id, int length, byte[] dst) throws IOException;
}
