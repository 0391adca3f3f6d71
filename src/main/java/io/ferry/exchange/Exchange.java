package io.ferry.exchange;

import io.ferry.transfer.Routes;
import java.time.Duration;
import java.util.Set;

/**
 * Exchange keeps this node's cluster table in step with its peers' and tells them what this node
 * holds: {@link GossipExchange} (gossip of deltas, or polling) and, for central mode, a coordinator on Redis. What the table says is read
 * through {@link ClusterView}, never through an exchange.
 */
public interface Exchange extends AutoCloseable {
    /** Brings the table up to date now; returns within a few seconds whatever peers do. */
    void refresh();

    /**
     * Starts a round with every peer not already being asked, and waits at most {@code wait} for it: what
     * a slower peer answers is merged when it comes. A delivery never waits long on a peer behind a slow
     * link just to hear what the others already said.
     */
    void refresh(Duration wait);

    /** Refreshes every {@code every} in the background until closed. */
    void start(Duration every);

    /** The peer-facing requests this exchange answers. */
    Routes routes();

    /** Whether the last exchange with {@code address} worked; null when none was tried. */
    Boolean reachable(String address);

    /** What the membership says of {@code node} (alive, suspect, dead, left); null: nothing. */
    default String state(io.ferry.trust.NodeId node) {
        return null;
    }

    /** Every member the membership knows, this node first; empty without one. */
    default java.util.List<io.ferry.exchange.swim.MemberStatus> membership() {
        return java.util.List.of();
    }

    /** The peer addresses this node was configured with. */
    Set<String> configuredPeers();

    @Override
    void close();
}
