package io.ferry.plan;

import java.util.List;

/**
 * PlanConfig is how a node chooses its sources: the strategy ({@code --planner}, optimized unless
 * measuring against another), what the operator said of particular peers ({@code --peer
 * HOST:PORT,bw=..,site=..,priority=..}), and this node's own site when no certificate names it
 * ({@code --site}; null when unknown, and then no peer counts as remote).
 */
public record PlanConfig(Strategy strategy, List<PeerSpec> peers, String site) {
    public static final PlanConfig DEFAULT = new PlanConfig(Strategy.OPTIMIZED, List.of(), null);

    public PlanConfig {
        if (strategy == null) {
            throw new IllegalArgumentException("a plan needs a strategy");
        }
        peers = List.copyOf(peers);
    }
}
