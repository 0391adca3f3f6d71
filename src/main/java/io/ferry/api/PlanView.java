package io.ferry.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * PlanView is the plan a node would follow to deliver an image now, without fetching anything
 * ({@code ferry plan NAME}): what it lacks, and per peer what it would ask of it and why.
 *
 * @param chunksMissing distinct chunks not held here (any image, the cache)
 * @param seconds       the estimated end: the slowest peer's
 * @param unplanned     missing chunks no usable peer holds
 * @param remoteBytes   bytes planned over the link between sites
 * @param strategy      the node's planner ({@code --planner})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanView(String image, String manifestId, String strategy, int chunksMissing, long bytesMissing,
                       double seconds, int unplanned, long remoteBytes, List<Peer> peers) {
    /**
     * One peer's share: its chunks and bytes, the separate runs on its disk they make, the estimated
     * seconds, and the reason (its site, priority, configured and measured rates).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Peer(String node, int chunks, long bytes, int runs, double seconds, String reason) {
    }
}
