package io.ferry.exchange.swim;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * NewsQueue holds the updates waiting to be piggybacked, by how often each was sent, so that taking the
 * least-sent few costs a few map operations rather than sorting every update each message (at 10,000
 * members a joining cluster has thousands of updates queued at every node). Among updates sent equally
 * often, the oldest goes first. One update per member: a newer one replaces it, unsent again.
 */
final class NewsQueue {
    private final Map<NodeId, Integer> sent = new HashMap<>();
    private final TreeMap<Integer, LinkedHashMap<NodeId, Update>> bySent = new TreeMap<>();

    /** Queues {@code u}, replacing any update about the same member. */
    void put(Update u) {
        remove(u.node());
        add(u, 0);
    }

    private void add(Update u, int times) {
        sent.put(u.node(), times);
        bySent.computeIfAbsent(times, k -> new LinkedHashMap<>()).put(u.node(), u);
    }

    void remove(NodeId node) {
        Integer times = sent.remove(node);
        if (times != null) {
            Map<NodeId, Update> bucket = bySent.get(times);
            bucket.remove(node);
            if (bucket.isEmpty()) {
                bySent.remove(times);
            }
        }
    }

    boolean contains(NodeId node) {
        return sent.containsKey(node);
    }

    boolean isEmpty() {
        return sent.isEmpty();
    }

    /** Up to {@code max} updates, least sent first, each counted as sent once more and dropped at {@code limit}. */
    List<Update> take(int max, int limit) {
        List<Update> out = new ArrayList<>(Math.min(max, sent.size()));
        List<Integer> times = new ArrayList<>();
        for (Map.Entry<Integer, LinkedHashMap<NodeId, Update>> b : bySent.entrySet()) {
            for (Update u : b.getValue().values()) {
                if (out.size() == max) {
                    break;
                }
                out.add(u);
                times.add(b.getKey());
            }
            if (out.size() == max) {
                break;
            }
        }
        for (int i = 0; i < out.size(); i++) {
            Update u = out.get(i);
            remove(u.node());
            if (times.get(i) + 1 < limit) {
                add(u, times.get(i) + 1);
            }
        }
        return out;
    }
}
