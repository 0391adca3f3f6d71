package io.ferry.executor;

import io.ferry.trust.NodeId;
import java.util.HashMap;
import java.util.Map;

/**
 * PeerMeters measures each peer's throughput (and its requests' latency) in one delivery as the plan
 * needs it: wire bytes over the time the peer was busy with this node (the union of its requests' spans,
 * so two requests in flight at once are not counted as two links), smoothed over the last few requests
 * (the newest weighs a third), so a link that slows down shows within seconds. Used on the run's own
 * thread only.
 *
 * <p>It is also what requests are sized and timed by ({@link #bytesPerMs}): a wire rate applied to chunk
 * bytes, as if they crossed uncompressed. That errs on the long side on purpose: a peer's chunks compress
 * unevenly (zeroed regions a hundredfold, packages hardly), and a deadline taken from chunk bytes per
 * second of a compressible stretch would call the same link slow on the next, incompressible one.
 */
final class PeerMeters {
    private static final double WEIGHT = 1.0 / 3;
    /** A sample needs this long or this many bytes to say a rate. */
    private static final long EVIDENCE_MILLIS = 200;
    private static final long EVIDENCE_BYTES = 256 << 10;
    /**
     * ...and never less than this long: two requests to one peer may end in the same millisecond (the
     * second's span is then empty, and its bytes would make an infinite rate); they join the next sample.
     */
    private static final long MIN_SPAN_MILLIS = 20;

    private static final class Meter {
        /** The union of the requests' spans so far (every request's), and where it ends. */
        long busyMillis;
        long busyEnd = Long.MIN_VALUE;
        /** At the last sample: the busy time and the wire bytes. */
        long busyAtSample;
        long wireSeen;
        double rate;
    }

    private final Map<NodeId, Meter> meters = new HashMap<>();
    private final Map<NodeId, java.util.List<Long>> firstBytes = new HashMap<>();

    /** A request of {@code node} had its first byte {@code millis} after it started. */
    void firstByte(NodeId node, long millis) {
        firstBytes.computeIfAbsent(node, n -> new java.util.ArrayList<>()).add(millis);
    }

    /**
     * Each peer's request latency in seconds: the median of its requests' times to the first byte (a
     * request queued behind the other one in flight says more about the queue than the peer).
     */
    Map<NodeId, Double> latencies() {
        Map<NodeId, Double> out = new HashMap<>();
        firstBytes.forEach((n, l) -> out.put(n, l.stream().sorted().skip((l.size() - 1) / 2).findFirst().orElse(0L) / 1000.0));
        return out;
    }

    /**
     * A request of {@code node} that started at {@code start} ended at {@code now}, when {@code wire} bytes
     * had come from the node in all; returns its smoothed rate in bytes per second (0: none yet).
     */
    double ended(NodeId node, long start, long now, long wire) {
        Meter m = meters.computeIfAbsent(node, n -> new Meter());
        long from = Math.max(start, m.busyEnd);
        if (now > from) {
            m.busyMillis += now - from;
        }
        m.busyEnd = Math.max(m.busyEnd, now);
        // a sample is the bytes since the last one over the busy time since then: requests too short to say
        // a rate (or ending together) join the next, their time with their bytes
        long span = m.busyMillis - m.busyAtSample;
        long bytes = wire - m.wireSeen;
        if (span < MIN_SPAN_MILLIS || span < EVIDENCE_MILLIS && bytes < EVIDENCE_BYTES) {
            return m.rate;
        }
        double sample = bytes * 1000.0 / span;
        m.busyAtSample = m.busyMillis;
        m.wireSeen = wire;
        m.rate = m.rate == 0 ? sample : m.rate + WEIGHT * (sample - m.rate);
        return m.rate;
    }

    /** {@code node}'s smoothed wire rate in bytes per millisecond, 0 before its first request ended. */
    double bytesPerMs(NodeId node) {
        Meter m = meters.get(node);
        return m == null ? 0 : m.rate / 1000;
    }

    /** Seconds each peer was busy with this node. */
    Map<NodeId, Double> seconds() {
        Map<NodeId, Double> out = new HashMap<>();
        meters.forEach((n, m) -> out.put(n, m.busyMillis / 1000.0));
        return out;
    }
}
