package io.ferry.chunk;

import java.io.IOException;

/**
 * ChunkSink receives each chunk with its bytes as the pipeline names it, except the zero chunks of a
 * hole the pipeline skipped (it has no bytes of them to show). It is called from several
 * hashing threads at once, in no particular order, so implementations must be thread-safe; the bytes
 * are valid only during the call.
 */
@FunctionalInterface
public interface ChunkSink {
    ChunkSink NONE = (ref, data, offset) -> { };

    void accept(ChunkRef ref, byte[] data, int offset) throws IOException;
}
