package io.ferry.executor;

import io.ferry.plan.Plan;
import io.ferry.transfer.PeerClient;
import io.ferry.transfer.Receiver;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * Executor runs delivery plans against peers. It is shared by every delivery of a node: one thread
 * pool for the requests, one clock for the timing of table refreshes (injected, so tests decide time).
 */
public record Executor(PeerClient client, ExecutorService pool, Clock clock, Duration refreshEvery) {
    /**
     * @param pool         runs the requests (blocking I/O); unbounded: the plan bounds what is in flight
     * @param refreshEvery how often holders are re-learnt while a delivery runs
     */
    public Executor {
        if (refreshEvery.isNegative() || refreshEvery.isZero()) {
            throw new IllegalArgumentException("the refresh interval must be positive");
        }
    }

    /**
     * Fetches until the plan is finished or no peer in it holds what is left. Every chunk handed to
     * {@code sink} has been verified; the plan is told of each once the sink has taken it.
     *
     * @throws IOException when the sink (this node) failed; peers' failures are in the result instead
     */
    public Run.Result run(Plan plan, Target target, Receiver sink, Discovery discovery) throws IOException {
        return new Run(plan, target, sink, discovery, client, pool, clock, refreshEvery).go();
    }
}
