package io.ferry.store;

import io.ferry.chunk.ChunkId;
import java.io.IOException;

/**
 * ChunkSource yields verified chunk bytes. Implementations are thread-safe. "Missing" means this
 * source has no good copy: absent, unreadable, or a copy whose bytes do not match the id.
 */
public interface ChunkSource {
    /**
     * Reads chunk {@code id} of {@code length} bytes into {@code dst[0, length)}.
     *
     * @return where the verified bytes came from, or {@code null} when this source lacks the chunk
     */
    Origin read(ChunkId id, int length, byte[] dst) throws IOException;
}
