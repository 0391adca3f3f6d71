package io.ferry.catalog;

import io.ferry.trust.NodeId;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DropLog says once why a fact was dropped, then holds its tongue: the same entry comes back every
 * exchange round, and a peer that relays forgeries must not be able to fill the log. Each distinct
 * (relay, origin, kind, reason) is logged at most once per {@link #QUIET_MILLIS}; the memory of what was
 * said is bounded.
 */
final class DropLog {
    private static final Logger log = LoggerFactory.getLogger(DropLog.class);
    static final long QUIET_MILLIS = 10 * 60_000;
    private static final int REMEMBERED = 4096;

    private final Clock clock;
    private final Map<String, Long> said = new HashMap<>();
    private long quiet;

    DropLog(Clock clock) {
        this.clock = clock;
    }

    /**
     * A fact of {@code origin} of {@code kind} that came in {@code via}'s entry was dropped because
     * {@code why}; returns whether that was logged now.
     */
    synchronized boolean dropped(NodeId via, NodeId origin, String kind, String why) {
        String reason = why == null ? "" : why.length() > 200 ? why.substring(0, 200) : why;
        String key = via + "|" + origin + "|" + kind + "|" + reason;
        long now = clock.millis();
        Long last = said.get(key);
        if (last != null && now - last < QUIET_MILLIS) {
            quiet++;
            return false;
        }
        if (said.size() >= REMEMBERED) {
            said.clear();
        }
        said.put(key, now);
        String held = quiet == 0 ? "" : " (" + quiet + " repeats not logged before this)";
        quiet = 0;
        log.warn("dropped a {} fact of {} in the entry of {}: {}{}", kind, origin, via, reason, held);
        return true;
    }
}
