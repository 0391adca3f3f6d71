package io.ferry.executor;

import io.ferry.trust.NodeId;
import java.util.HashMap;
import java.util.Map;

/**
 * PeerRates is what one delivery has measured of each peer: chunk bytes per millisecond over its finished
 * requests, as a moving average (the newest request weighs a third), so the rate follows a link that
 * slows down within a few requests. Used on the run's own thread only.
 */
final class PeerRates {
    private static final double WEIGHT = 1.0 / 3;
    private final Map<NodeId, Double> rate = new HashMap<>();

    /** A request of {@code bytes} chunk bytes took {@code millis}. */
    void record(NodeId node, long bytes, long millis) {
        double r = bytes / (double) Math.max(1, millis);
        rate.merge(node, r, (old, now) -> old + WEIGHT * (now - old));
    }

    /** Chunk bytes per millisecond, or 0 when nothing has been measured yet. */
    double of(NodeId node) {
        return rate.getOrDefault(node, 0.0);
    }
}
