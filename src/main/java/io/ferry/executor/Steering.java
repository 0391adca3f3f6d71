package io.ferry.executor;

import io.ferry.plan.Plan;
import io.ferry.plan.Schedule;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steering is what a run decides about its plan as a whole, beside the requests: when to schedule again,
 * and when to stop leaving chunks to site mates. Used on the run's own thread only.
 */
final class Steering {
    private static final Logger log = LoggerFactory.getLogger(Steering.class);
    /** Schedules are redone at most this often. */
    private static final long REPLAN_MILLIS = 1000;
    /** How long a delivery waits with nothing arriving before it stops leaving chunks to site mates. */
    private static final long SITE_WAIT_MILLIS = 4000;

    private final Plan plan;
    private final Clock clock;
    private long nextReplan;
    private int replans;
    /** When bytes last arrived or the site got further (or the run started), and how many of each then. */
    private long lastArrival;
    private long wireSeen;
    private long siteSeen;

    Steering(Plan plan, Clock clock) {
        this.plan = plan;
        this.clock = clock;
        this.lastArrival = clock.millis();
    }

    /**
     * Schedules the pending chunks again when the plan says holders, peers or rates changed: at most every
     * {@link #REPLAN_MILLIS}, and never more than a tenth of the time (a schedule of a 2 GiB image's 130,000
     * chunks takes about half a second).
     */
    void replan() {
        long now = clock.millis();
        if (now < nextReplan || !plan.needsReplan()) {
            return;
        }
        long t0 = System.nanoTime();
        Schedule s = plan.replan();
        long took = (System.nanoTime() - t0) / 1_000_000;
        nextReplan = now + Math.max(REPLAN_MILLIS, 10 * took);
        if (s != null && (log.isDebugEnabled() || replans++ == 0)) { // the first at info: what the delivery set out to do
            StringBuilder shares = new StringBuilder();
            s.loads().forEach(l -> shares.append(String.format(java.util.Locale.ROOT, "; %s %d chunks %.1f MB %.1f s (%s)",
                    l.peer().node().value(), l.chunks(), l.bytes() / 1e6, l.seconds(), l.peer().basis())));
            log.info("scheduled {} chunks in {} ms, estimated {} s{}", s.peerOf().length, took,
                    String.format(java.util.Locale.ROOT, "%.1f", s.makespan()), shares);
        }
    }

    /**
     * A delivery that leaves chunks to its site mates (see {@link Plan#siteMate}) stops waiting for them
     * when for {@link #SITE_WAIT_MILLIS} nothing arrived here and its site got no further (what the site's
     * nodes hold did not grow): a mate that died or stopped must not starve it. While the site gets on, it
     * waits, even with nothing arriving here: a mate slower than this node is still bringing its part
     * across, and fetching that from across too would cross the link twice (the simulation at N = 100,
     * where nodes of 10 Gbit/s gave up on mates of 100 Mbit/s: 4.8 crossings per piece).
     *
     * @param received the wire bytes this run has received so far (added up only while chunks are deferred)
     */
    void siteWait(java.util.function.LongSupplier received) {
        if (!plan.deferring()) {
            return;
        }
        long now = clock.millis();
        long total = received.getAsLong();
        long site = plan.heldOnSite();
        if (total > wireSeen || site > siteSeen) {
            wireSeen = total;
            siteSeen = site;
            lastArrival = now;
        } else if (now - lastArrival > SITE_WAIT_MILLIS) {
            log.info("nothing arrived and the site got no further for {} s: chunks left to site mates are fetched from any site",
                    SITE_WAIT_MILLIS / 1000);
            plan.undefer();
        }
    }
}
