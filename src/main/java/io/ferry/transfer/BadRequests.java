package io.ferry.transfer;

import io.ferry.util.Printable;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BadRequests says who sends malformed requests (an operator should learn of a broken or hostile
 * peer) without letting them fill the log: at most one warning per offending host per {@link #QUIET},
 * counting what it left out, and at most {@link #LINES} warnings in all per {@link #QUIET}, however
 * many hosts there are. It remembers at most {@link #HOSTS} hosts, forgetting the longest quiet first.
 * Time is the injected clock's. Thread-safe.
 */
public final class BadRequests {
    private static final Logger log = LoggerFactory.getLogger(BadRequests.class);
    static final Duration QUIET = Duration.ofMinutes(1);
    static final int HOSTS = 1024;
    static final int LINES = 100;
    private static final int TEXT = 200;

    /** When a host was last named in the log, and how many of its bad requests have not been since. */
    private static final class Offender {
        long loggedAt;
        int unlogged;

        Offender(long loggedAt) {
            this.loggedAt = loggedAt;
        }
    }

    private final Clock clock;
    private final Consumer<String> sink;
    /** Hosts in the order they were last logged: the first is the one quiet longest. */
    private final Map<String, Offender> offenders = new LinkedHashMap<>();
    private long windowStart;
    private int linesInWindow;
    private int dropped;

    public BadRequests(Clock clock) {
        this(clock, log::warn);
    }

    /** @param sink where a warning goes (a test's list; the log otherwise) */
    BadRequests(Clock clock, Consumer<String> sink) {
        this.clock = clock;
        this.sink = sink;
        this.windowStart = clock.millis();
    }

    /** Notes that {@code remote} (host:port, as the listener gives it) sent {@code request}, malformed for {@code why}. */
    public synchronized void report(String remote, String request, String why) {
        long now = clock.millis();
        String host = host(remote);
        Offender o = offenders.get(host);
        if (o != null && now - o.loggedAt < QUIET.toMillis()) {
            o.unlogged++;
            return;
        }
        if (now - windowStart >= QUIET.toMillis()) {
            if (dropped > 0) {
                sink.accept(dropped + " more bad requests were not logged (over " + LINES + " warnings a minute)");
            }
            windowStart = now;
            linesInWindow = 0;
            dropped = 0;
        }
        if (linesInWindow >= LINES) {
            dropped++;
            return;
        }
        linesInWindow++;
        int unlogged = o == null ? 0 : o.unlogged;
        offenders.remove(host);
        offenders.put(host, new Offender(now));
        for (Iterator<String> eldest = offenders.keySet().iterator(); offenders.size() > HOSTS; ) {
            eldest.next();
            eldest.remove();
        }
        sink.accept("bad request from " + safe(host) + ": " + safe(request) + ": " + safe(why)
                + (unlogged > 0 ? " (and " + unlogged + " more from it since its last warning)" : ""));
    }

    /** How many hosts are remembered (for tests of the bound). */
    synchronized int remembered() {
        return offenders.size();
    }

    /** "/10.1.2.3:41234" → "10.1.2.3": a peer's port changes with every connection. */
    static String host(String remote) {
        String r = remote.startsWith("/") ? remote.substring(1) : remote;
        int colon = r.lastIndexOf(':');
        return colon > 0 ? r.substring(0, colon) : r;
    }

    private static String safe(String text) {
        String s = Printable.safe(text);
        return s.length() > TEXT ? s.substring(0, TEXT) + "…" : s;
    }
}
