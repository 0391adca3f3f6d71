package io.ferry.executor;

import io.ferry.trust.NodeId;
import java.util.HashMap;
import java.util.Map;

/**
 * PeerMeters measures each peer's throughput in one delivery as the plan needs it: wire bytes over the
 * time the peer was busy with this node (the union of its requests' spans, so two requests in flight at
 * once are not counted as two links), smoothed over the last few requests (the newest weighs a third),
 * so a link that slows down shows within seconds. Used on the run's own thread only.
 */
final class PeerMeters {
    private static final double WEIGHT = 1.0 / 3;

    private static final class Meter {
        long lastEnd = Long.MIN_VALUE;
        long busyMillis;
        long wireSeen;
        double rate;
    }

    private final Map<NodeId, Meter> meters = new HashMap<>();

    /**
     * A request of {@code node} that started at {@code start} ended at {@code now}, when {@code wire} bytes
     * had come from the node in all; returns its smoothed rate in bytes per second (0: none yet).
     */
    double ended(NodeId node, long start, long now, long wire) {
        Meter m = meters.computeIfAbsent(node, n -> new Meter());
        long from = Math.max(start, m.lastEnd);
        if (now <= from) {
            return m.rate; // ended together with another: its bytes join the next sample
        }
        double sample = (wire - m.wireSeen) * 1000.0 / (now - from);
        m.busyMillis += now - from;
        m.wireSeen = wire;
        m.lastEnd = now;
        m.rate = m.rate == 0 ? sample : m.rate + WEIGHT * (sample - m.rate);
        return m.rate;
    }

    /** Seconds each peer was busy with this node. */
    Map<NodeId, Double> seconds() {
        Map<NodeId, Double> out = new HashMap<>();
        meters.forEach((n, m) -> out.put(n, m.busyMillis / 1000.0));
        return out;
    }
}
