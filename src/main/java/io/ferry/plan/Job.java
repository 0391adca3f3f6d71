package io.ferry.plan;

import io.ferry.trust.NodeId;
import io.ferry.chunk.ChunkId;
import io.ferry.manifest.ManifestId;
import java.util.List;

/**
 * Job is one request to one peer: the chunks it covers and, when the peer holds them all as part of
 * the manifest being delivered, their indices in it (a pick: named by index, sent in index order),
 * else a batch named by id.
 */
public record Job(NodeId node, List<ChunkId> ids, long bytes, ManifestId manifest, int[] indices) {
    public boolean isPick() {
        return manifest != null;
    }
}
