package io.ferry.plan;

import io.ferry.trust.NodeId;

/**
 * PeerModel is what the scheduler assumes of one source for one delivery: how fast its bytes arrive,
 * what each request and each separate run on its disk cost on top, how willingly it is used, and
 * whether its bytes cross the link between sites. {@code basis} says where the figures came from
 * (configured, measured over n deliveries, a default), for the plan's reasons.
 *
 * @param bytesPerSecond  the rate its bytes arrive at here (the lower of its upload and this link)
 * @param requestSeconds  the cost of one request beyond its bytes (a round trip, amortised by the
 *                        requests kept in flight)
 * @param runSeconds      the cost of one more separate run on its disk (a seek, a new range read)
 * @param remote          whether it is in another site than this node (its bytes cross the inter-site link)
 */
public record PeerModel(NodeId node, double bytesPerSecond, double requestSeconds, double runSeconds,
                        Priority priority, boolean remote, String basis) {
    public PeerModel {
        if (node == null || priority == null || basis == null) {
            throw new IllegalArgumentException("a peer model needs a node, a priority and a basis");
        }
        if (!(bytesPerSecond > 0) || requestSeconds < 0 || runSeconds < 0) {
            throw new IllegalArgumentException("a peer model needs a positive rate and non-negative costs: " + node);
        }
    }
}
