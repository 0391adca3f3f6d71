package io.ferry.plan;

import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.NodeId;
import java.util.BitSet;

/** SourcePlanner makes {@link Claims} that choose sources by {@code strategy}. */
public record SourcePlanner(Strategy strategy) implements Planner {
    @Override
    public Plan plan(ManifestId manifestId, ChunkList chunks, BitSet missing, NodeId self) {
        // each node starts its claims elsewhere in the image, so a swarm spreads over it (see Claims)
        return new Claims(manifestId, chunks, missing, self.value().hashCode() * 0x9E3779B97F4A7C15L, strategy,
                self);
    }
}
