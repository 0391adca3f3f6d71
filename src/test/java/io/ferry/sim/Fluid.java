package io.ferry.sim;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Fluid is a simulated network of links shared by flows, for the delivery simulation: a flow's rate is
 * the least, over the links it crosses (the sender's uplink, the receiver's downlink, the link between
 * sites), of the link's capacity shared equally among the flows on it. That is a bottleneck share, not
 * max-min fairness (a flow held back elsewhere leaves its share unused on a link), so it errs on the
 * slow side. Rates are recomputed, and finish times moved, for the flows on the links a flow starting
 * or ending crosses.
 */
final class Fluid {
    /** A link: capacity in bytes per millisecond, and the flows crossing it. */
    static final class Link {
        final double capacity;
        final Set<Flow> flows = new LinkedHashSet<>();

        Link(double bytesPerMs) {
            this.capacity = bytesPerMs;
        }
    }

    /**
     * A transfer of {@code bytes} over {@code links}; {@code done} gets the bytes carried when the last is
     * in, or when {@code cancelled} is found true (at the next change of rates on its links).
     */
    final class Flow {
        final Link[] links;
        final LongConsumer done;
        final BooleanSupplier cancelled;
        final double bytes;
        final long started;
        double remaining;
        double rate;
        long last;
        /** When it ends at its present rate; when its earliest wake-up is set for. */
        long due;
        long wake = Long.MAX_VALUE;
        boolean over;

        Flow(Link[] links, double bytes, BooleanSupplier cancelled, LongConsumer done) {
            this.links = links;
            this.bytes = bytes;
            this.remaining = bytes;
            this.cancelled = cancelled;
            this.done = done;
            this.started = loop.now();
            this.last = loop.now();
        }
    }

    private final EventLoop loop;

    Fluid(EventLoop loop) {
        this.loop = loop;
    }

    /** Starts a flow of {@code bytes} over {@code links} after {@code latencyMillis}. */
    void start(double bytes, long latencyMillis, BooleanSupplier cancelled, LongConsumer done, Link... links) {
        loop.after(latencyMillis, () -> {
            Flow f = new Flow(links, bytes, cancelled, done);
            for (Link l : links) {
                l.flows.add(f);
            }
            reshare(links);
        });
    }

    private void reshare(Link[] links) {
        Set<Flow> affected = new LinkedHashSet<>(); // in order: a run is the same each time
        for (Link l : links) {
            affected.addAll(l.flows);
        }
        long now = loop.now();
        for (java.util.Iterator<Flow> it = affected.iterator(); it.hasNext(); ) {
            Flow f = it.next();
            f.remaining -= f.rate * (now - f.last);
            f.last = now;
            if (f.cancelled.getAsBoolean()) {
                it.remove();
                f.over = true;
                for (Link l : f.links) {
                    l.flows.remove(f);
                }
                loop.after(0, () -> {
                    reshare(f.links); // its other links too
                    f.done.accept((long) (f.bytes - Math.max(0, f.remaining)));
                });
            }
        }
        for (Flow f : affected) {
            double rate = Double.MAX_VALUE;
            for (Link l : f.links) {
                rate = Math.min(rate, l.capacity / l.flows.size());
            }
            f.rate = rate;
            f.due = now + (long) Math.ceil(Math.max(0, f.remaining) / rate);
            // one wake-up per flow, moved only earlier: an event per flow per change of rates filled the
            // queue with stale ones (most of a hundred-node run's time went to the queue)
            if (f.due < f.wake) {
                f.wake = f.due;
                loop.after(f.due - now, () -> wake(f));
            }
        }
    }

    /** A wake-up of {@code f}: it ends now, or its rate fell since and it wakes again when it does end. */
    private void wake(Flow f) {
        long now = loop.now();
        if (f.over || now < f.wake) {
            return; // ended already, or a stale wake-up of one moved earlier (it is awake at that time)
        }
        if (now < f.due) {
            f.wake = f.due;
            loop.after(f.due - now, () -> wake(f));
            return;
        }
        f.over = true;
        for (Link l : f.links) {
            l.flows.remove(f);
        }
        reshare(f.links);
        f.done.accept((long) f.bytes);
    }
}
