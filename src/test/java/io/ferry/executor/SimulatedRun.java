package io.ferry.executor;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import io.ferry.plan.Plan;
import io.ferry.trust.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * SimulatedRun drives the executor's own decisions ({@link Run}: request sizes, requests in flight per
 * peer, measured rates, new schedules, stealing, the endgame and its cancellations, the wait for site
 * mates) on a simulated clock, for the delivery simulation in {@code io.ferry.sim}. Its requests go to a
 * {@link Wire} instead of peers; their endings come back as the simulation's events, a refusal (a busy
 * peer) as a 503 does. Not simulated: the watch on each request's body ({@code Call}'s floor and
 * deadline: a simulated link never stalls), other failures.
 */
public final class SimulatedRun {
    /** The simulated network. */
    public interface Wire {
        /**
         * Carries chunk {@code id} ({@code bytes}) from {@code from}, the {@code first} of a request (which
         * pays the request's latency) or the next; then {@code done} gets the bytes carried: all of them, or
         * fewer when {@code cancelled} came true on the way.
         */
        void carry(NodeId from, ChunkId id, long bytes, boolean first, BooleanSupplier cancelled, LongConsumer done);

        /**
         * A request to {@code from} asks to be served: {@code go} runs when it is (now, or when it leaves the
         * peer's queue); false when the peer refuses it (busy: a node answers 503 past its queue).
         */
        default boolean open(NodeId from, Runnable go) {
            go.run();
            return true;
        }

        /** A request {@code from} served ended: its place goes to the next in the queue. */
        default void close(NodeId from) {
        }
    }

    /** The simulation's clock: runs {@code task} {@code millis} of simulated time from now. */
    public interface Timer {
        void after(long millis, Runnable task);
    }

    private final Run run;
    private final Plan plan;
    private final Clock clock;
    private final Timer timer;
    private final Consumer<ChunkId> arrived;
    private final Wire wire;
    private final java.util.Map<ChunkId, Integer> size = new java.util.HashMap<>();
    private long tickAt = Long.MAX_VALUE;
    private int tick;
    private boolean over;

    /**
     * @param arrived told of each chunk the first time it arrives
     */
    public SimulatedRun(Plan plan, ChunkList chunks, Clock clock, Timer timer, Wire wire, Consumer<ChunkId> arrived) {
        this.plan = plan;
        this.clock = clock;
        this.timer = timer;
        this.arrived = arrived;
        int avg = (int) Math.max(1, chunks.count() == 0 ? 1 : chunks.length(0));
        Target target = new Target(ManifestId.parse("ee".repeat(32)), chunks, avg, avg);
        this.wire = wire;
        for (int i = 0; i < chunks.count(); i++) {
            size.putIfAbsent(chunks.id(i), chunks.length(i));
        }
        Requests requests = (peer, flight) -> {
            if (!wire.open(peer.node(), () -> next(flight, 0))) {
                // told after the run's dispatch, as a real refusal comes back on another thread
                timer.after(0, () -> refused(flight));
            }
        };
        this.run = new Run(plan, target, p -> { }, requests, clock, Duration.ofSeconds(1));
    }

    /** Starts the run (the plan knows its peers and holders). */
    public void begin() {
        run.begin();
        pump();
    }

    /** Whether the run is over (every chunk in, or nobody holds the rest). */
    public boolean over() {
        return over;
    }

    /** What the run came to, once it is {@link #over}. */
    public RunResult result() {
        try {
            return run.end();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a simulated run has no sink to fail", e);
        }
    }

    /** Holders changed (the simulation's table): the run may have new work. */
    public void poke() {
        pump();
    }

    /** Carries chunk {@code k} of {@code flight}'s job, and the rest after it: a request's answer streams chunk by chunk. */
    private void next(Flight flight, int k) {
        List<ChunkId> ids = flight.job.ids();
        ChunkId id = ids.get(k);
        long bytes = size.get(id);
        wire.carry(flight.job.node(), id, bytes, k == 0, flight.call::cancelled, carried -> {
            flight.wire.add(carried);
            if (carried < bytes) {
                ended(flight, Outcome.CANCELLED);
                return;
            }
            if (!plan.isDone(id)) {
                plan.complete(id);
                arrived.accept(id);
            }
            flight.call.delivered((int) bytes);
            if (k + 1 == ids.size()) {
                ended(flight, Outcome.DONE);
            } else if (flight.call.cancelled()) {
                ended(flight, Outcome.CANCELLED);
            } else {
                next(flight, k + 1);
            }
        });
    }

    private void refused(Flight flight) {
        run.after(new Finished(flight, Outcome.BUSY, new java.io.IOException("503: the peer is busy"), Set.of()));
        pump();
    }

    private void ended(Flight flight, Outcome how) {
        wire.close(flight.job.node());
        run.after(new Finished(flight, how, null, Set.of()));
        pump();
    }

    private void pump() {
        if (over) {
            return;
        }
        if (!run.advance()) {
            over = true;
            return;
        }
        long wait = run.waitMillis();
        long at = clock.millis() + wait;
        if (at < tickAt) {
            tickAt = at;
            int t = ++tick;
            timer.after(wait, () -> {
                if (t == tick) {
                    tickAt = Long.MAX_VALUE;
                    run.after(null);
                    pump();
                }
            });
        }
    }
}
