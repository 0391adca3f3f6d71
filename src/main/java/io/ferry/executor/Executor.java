package io.ferry.executor;

import io.ferry.catalog.PeerHistories;
import io.ferry.catalog.PeerHistory;
import io.ferry.plan.Plan;
import io.ferry.transfer.PeerClient;
import io.ferry.transfer.Receiver;
import io.ferry.trust.NodeId;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executor runs delivery plans against peers. It is shared by every delivery of a node: one thread
 * pool for the requests, one clock for the timing of table refreshes (injected, so tests decide time),
 * and the peers' history, which each run adds to (null: none kept).
 */
public record Executor(PeerClient client, ExecutorService pool, Clock clock, Duration refreshEvery,
                       PeerHistories histories) {
    private static final Logger log = LoggerFactory.getLogger(Executor.class);

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
     * {@code sink} has been verified; the plan is told of each once the sink has taken it. What the run
     * measured of each peer goes into its history.
     *
     * @throws IOException when the sink (this node) failed; peers' failures are in the result instead
     */
    public RunResult run(Plan plan, Target target, Receiver sink, Discovery discovery) throws IOException {
        RunLoop loop = new RunLoop();
        Requests requests = new PooledRequests(client, pool, target, sink, plan, loop::ended);
        RunResult r = loop.go(new Run(plan, target, discovery, requests, clock, refreshEvery));
        remember(r);
        return r;
    }

    private void remember(RunResult r) {
        if (histories == null) {
            return;
        }
        Set<NodeId> peers = new HashSet<>(r.wireByPeer().keySet());
        peers.addAll(r.errors().keySet());
        peers.addAll(r.corrupt());
        try {
            Map<NodeId, PeerHistory> known = histories.all();
            for (NodeId n : peers) {
                PeerHistory h = known.getOrDefault(n, PeerHistory.NONE);
                h = h.delivered(r.wireByPeer().getOrDefault(n, 0L), r.secondsByPeer().getOrDefault(n, 0.0),
                        r.latencyByPeer().getOrDefault(n, h.latencySeconds()));
                for (int e = r.errors().getOrDefault(n, 0); e > 0; e--) {
                    h = h.failed();
                }
                if (r.corrupt().contains(n)) {
                    h = h.corrupted();
                }
                histories.put(n, h);
            }
        } catch (IOException e) {
            log.warn("the peers' history is not updated: {}", e.getMessage()); // the delivery itself succeeded
        }
    }
}
