package io.ferry.exchange.swim;

import java.util.Map;
import java.util.TreeMap;

/**
 * SwimCounters: what one {@link Swim} sent, by message kind (messages and encoded bytes, replies included),
 * and the messages it refused because their sender was not who the transport said. For figures and logs.
 */
public final class SwimCounters {
    private final Map<String, long[]> byKind = new TreeMap<>();
    private long refused;

    void sent(SwimMessage m) {
        long[] c = byKind.computeIfAbsent(m.getClass().getSimpleName(), k -> new long[2]);
        c[0]++;
        c[1] += SwimCodec.size(m);
    }

    void refuse() {
        refused++;
    }

    /** Messages sent so far, by kind ("Ping", "Ack", ...). */
    public Map<String, Long> messages() {
        Map<String, Long> out = new TreeMap<>();
        byKind.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** Encoded bytes sent so far, by kind (the transport's framing not included). */
    public Map<String, Long> bytes() {
        Map<String, Long> out = new TreeMap<>();
        byKind.forEach((k, v) -> out.put(k, v[1]));
        return out;
    }

    public long totalBytes() {
        return byKind.values().stream().mapToLong(v -> v[1]).sum();
    }

    /** Requests and replies dropped because the sender they named was not the verified caller or callee. */
    public long refused() {
        return refused;
    }
}
