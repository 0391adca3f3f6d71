package io.ferry.plan;

import io.ferry.chunk.ChunkId;
import java.util.List;

/**
 * Job is one request to one peer: the chunks it covers and, when they are the non-zero chunks of a
 * contiguous index range [from, to) of a manifest the peer holds, that range (a run), else a batch.
 */
public record Job(String node, List<ChunkId> ids, long bytes, String runManifest, int from, int to) {
    public boolean isRun() {
        return runManifest != null;
    }
}
