package io.ferry.plan;

import io.ferry.trust.NodeId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import java.util.BitSet;

/** Planner makes the plan for one delivery: which peer is asked for which missing chunk. Pure. */
@FunctionalInterface
public interface Planner {
    /**
     * @param manifestId the manifest being delivered
     * @param missing    indices of its non-zero chunks this node lacks
     * @param self       the fetching node's id (policies may spread nodes over the image by it)
     */
    Plan plan(ManifestId manifestId, ChunkList chunks, BitSet missing, NodeId self);
}
