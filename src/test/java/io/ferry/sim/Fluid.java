package io.ferry.sim;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

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

    /** A transfer of {@code bytes} over {@code links}; {@code done} runs when the last byte is in. */
    final class Flow {
        final Link[] links;
        final Runnable done;
        final long started;
        double remaining;
        double rate;
        long last;
        int version;

        Flow(Link[] links, double bytes, Runnable done) {
            this.links = links;
            this.remaining = bytes;
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
    void start(double bytes, long latencyMillis, Runnable done, Link... links) {
        loop.after(latencyMillis, () -> {
            Flow f = new Flow(links, bytes, done);
            for (Link l : links) {
                l.flows.add(f);
            }
            reshare(links);
        });
    }

    private void reshare(Link[] links) {
        Set<Flow> affected = new HashSet<>();
        for (Link l : links) {
            affected.addAll(l.flows);
        }
        long now = loop.now();
        for (Flow f : affected) {
            f.remaining -= f.rate * (now - f.last);
            f.last = now;
            double rate = Double.MAX_VALUE;
            for (Link l : f.links) {
                rate = Math.min(rate, l.capacity / l.flows.size());
            }
            f.rate = rate;
            int v = ++f.version;
            long at = (long) Math.ceil(Math.max(0, f.remaining) / rate);
            loop.after(at, () -> finish(f, v));
        }
    }

    private void finish(Flow f, int version) {
        if (f.version != version) {
            return; // its rate changed since: a later event finishes it
        }
        for (Link l : f.links) {
            l.flows.remove(f);
        }
        reshare(f.links);
        f.done.run();
    }
}
