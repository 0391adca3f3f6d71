package io.ferry.transfer;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offenders logs bad requests, one line per offender per minute at most, in bounded memory: a flood of
 * bad requests costs the log a line per caller, not a line per request. Callers are named by the key
 * the server knows them by (a certificate fingerprint or an IP address); messages are made printable.
 */
final class Offenders {
    private static final Logger log = LoggerFactory.getLogger(Offenders.class);
    private static final long QUIET_MILLIS = 60_000;
    private static final int REMEMBERED = 1024;

    private final Clock clock;
    private final Map<String, Long> lastLogged = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    Offenders(Clock clock) {
        this.clock = clock;
    }

    /** Notes a bad request from {@code key}; logs it unless that caller was logged in the last minute. */
    void note(String key, String what) {
        long now = clock.millis();
        synchronized (lastLogged) {
            Long last = lastLogged.get(key);
            if (last != null && now - last < QUIET_MILLIS) {
                return;
            }
            lastLogged.put(key, now);
        }
        log.warn("{} sent {}", printable(key), printable(what));
    }

    /** Replaces control characters (terminal escapes among them) so a peer cannot write to the operator's terminal. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 300));
        for (int i = 0; i < s.length() && i < 300; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        return b.toString();
    }
}
