package io.ferry.sim;

import java.util.PriorityQueue;

/**
 * EventLoop is the simulated clock: events run in time order (ties in the order they were scheduled),
 * and time jumps from one to the next, so a simulated hour of a thousand nodes takes seconds.
 */
public final class EventLoop {
    private record Event(long at, long seq, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
            : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    public long now() {
        return now;
    }

    /** Runs {@code action} {@code delayMillis} from now. */
    public void after(long delayMillis, Runnable action) {
        queue.add(new Event(now + Math.max(0, delayMillis), seq++, action));
    }

    /** Runs every event up to {@code until} (simulated milliseconds), then sets the clock there. */
    public void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Event e = queue.poll();
            now = e.at;
            e.action.run();
        }
        now = Math.max(now, until);
    }

    /**
     * Runs until {@code done} holds or {@code until}; returns whether it held. The condition is checked every
     * 100 simulated ms (checking a thousand nodes' views after every event would cost more than the events),
     * so a time measured with it is late by less than that.
     */
    public boolean runUntil(long until, java.util.function.BooleanSupplier done) {
        long check = now;
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Event e = queue.poll();
            now = e.at;
            e.action.run();
            if (now >= check) {
                if (done.getAsBoolean()) {
                    return true;
                }
                check = now + 100;
            }
        }
        now = Math.max(now, until);
        return done.getAsBoolean();
    }
}
