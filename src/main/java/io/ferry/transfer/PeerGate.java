package io.ferry.transfer;

import java.util.concurrent.ConcurrentHashMap;

/**
 * PeerGate counts the requests each caller has queued or running, so that one caller (however many
 * connections it opens) holds at most {@code limit} workers and the others keep being served.
 */
final class PeerGate {
    private final int limit;
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    PeerGate(int limit) {
        this.limit = limit;
    }

    /** Takes a place for {@code key}; false when it already has {@code limit}. */
    boolean enter(String key) {
        boolean[] entered = {false};
        inFlight.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limit) {
                return n;
            }
            entered[0] = true;
            return now + 1;
        });
        return entered[0];
    }

    void leave(String key) {
        inFlight.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
