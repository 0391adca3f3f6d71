package io.ferry.executor;

import io.ferry.trust.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a run came to: wire bytes received per peer, the seconds each was busy with this node and its
 * requests' latency in seconds, why
 * peers were dropped or refused, chunks no peer had, the requests that failed per peer and the peers that
 * sent corrupt bytes (for their history), and the chunks fetched from another peer than first planned.
 */
public record RunResult(Map<NodeId, Long> wireByPeer, Map<NodeId, String> failures, Map<NodeId, String> refusals,
                        int unheld, Map<NodeId, Double> secondsByPeer, Map<NodeId, Double> latencyByPeer,
                        Map<NodeId, Integer> errors, Set<NodeId> corrupt,
                        int reassigned) {
    /** Two runs of one delivery as one: {@code first} (null: none) and then {@code then}. */
    public static RunResult plus(RunResult first, RunResult then) {
        if (first == null) {
            return then;
        }
        Map<NodeId, Long> wire = new LinkedHashMap<>(first.wireByPeer);
        then.wireByPeer.forEach((n, b) -> wire.merge(n, b, Long::sum));
        Map<NodeId, String> failed = new LinkedHashMap<>(first.failures);
        failed.putAll(then.failures);
        Map<NodeId, String> refused = new LinkedHashMap<>(first.refusals);
        refused.putAll(then.refusals);
        Map<NodeId, Double> seconds = new LinkedHashMap<>(first.secondsByPeer);
        then.secondsByPeer.forEach((n, s) -> seconds.merge(n, s, Double::sum));
        Map<NodeId, Double> latency = new LinkedHashMap<>(first.latencyByPeer);
        latency.putAll(then.latencyByPeer);
        Map<NodeId, Integer> errs = new LinkedHashMap<>(first.errors);
        then.errors.forEach((n, e) -> errs.merge(n, e, Integer::sum));
        Set<NodeId> lied = new java.util.HashSet<>(first.corrupt);
        lied.addAll(then.corrupt);
        return new RunResult(wire, failed, refused, then.unheld, seconds, latency, errs, lied,
                first.reassigned + then.reassigned);
    }

    /**
     * The one line that says why {@code missing} chunks are still missing after this run: no permitted
     * source (naming who refused and the first rule), no holder left, peers dropped; {@code plain} is what
     * is said otherwise.
     */
    public String whyMissing(int missing, String plain) {
        String why = unheld > 0 ? "; " + unheld + " distinct chunks had no holder left" : "";
        String dropped = failures.isEmpty() ? "" : "; peers dropped: "
                + String.join(", ", failures.keySet().stream().map(NodeId::value).toList());
        if (refusals.isEmpty()) {
            return plain + why + dropped;
        }
        Map.Entry<NodeId, String> first = refusals.entrySet().iterator().next();
        return missing + " chunks had no permitted source: "
                + String.join(", ", refusals.keySet().stream().map(NodeId::value).toList()) + " refused this node ("
                + first.getKey().value() + ": " + first.getValue() + ")" + why + dropped;
    }
}
