package io.ferry.executor;

import io.ferry.trust.NodeId;
import io.ferry.chunk.ChunkId;
import io.ferry.plan.Job;
import io.ferry.plan.PeerProfile;
import io.ferry.plan.Plan;
import io.ferry.transfer.PeerClient;
import io.ferry.transfer.LocalFailure;
import io.ferry.transfer.Receiver;
import io.ferry.transfer.RequestLimits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run is one delivery's execution. One thread (the caller's) owns the decisions: it claims jobs from
 * the plan, hands them to the pool, and waits for completion events, handling each by its
 * {@link Outcome}. Pool threads only fetch and hand verified chunks to the sink.
 */
public final class Run {
    private static final Logger log = LoggerFactory.getLogger(Run.class);
    /** Jobs are at most what a peer serves in one request (it refuses more). */
    private static final long MAX_JOB = RequestLimits.JOB_BYTES;
    private static final long MIN_JOB = 256L << 10;
    private static final int JOB_CHUNKS = RequestLimits.MAX_CHUNKS;
    /** Requests in flight per peer: one being answered while the last one's chunks are written. */
    private static final int PER_PEER = 2;

    /** What a run came to: wire bytes received per peer, why peers were dropped, and chunks no peer had. */
    public record Result(Map<NodeId, Long> wireByPeer, Map<NodeId, String> failures, Map<NodeId, String> refusals,
                         int unheld) {
    }

    /** A request that ended: its job, how, and the chunks a batch left out. */
    private record Finished(Job job, Outcome outcome, Throwable cause, Set<ChunkId> absent) {
    }

    private final Plan plan;
    private final Target target;
    private final Receiver sink;
    private final Discovery discovery;
    private final PeerClient client;
    private final ExecutorService pool;
    private final Clock clock;
    private final Duration refreshEvery;
    private final BlockingQueue<Finished> events = new LinkedBlockingQueue<>();
    private final Map<NodeId, Integer> inFlight = new HashMap<>();
    private final Map<NodeId, LongAdder> wire = new ConcurrentHashMap<>();
    private final Map<NodeId, String> failures = new HashMap<>();
    private final Map<NodeId, String> refusals = new HashMap<>();
    private int running;
    private IOException fatal;
    private long nextRefresh;

    Run(Plan plan, Target target, Receiver sink, Discovery discovery, PeerClient client,
        ExecutorService pool, Clock clock, Duration refreshEvery) {
        this.plan = plan;
        this.target = target;
        this.discovery = discovery;
        this.client = client;
        this.pool = pool;
        this.clock = clock;
        this.refreshEvery = refreshEvery;
        this.sink = (id, data, length) -> {
            sink.accept(id, data, length);
            plan.complete(id);
        };
    }

    Result go() throws IOException {
        refresh();
        while (fatal == null) {
            dispatch();
            if (plan.finished()) {
                break;
            }
            if (running == 0 && plan.nodesWithWork().isEmpty()) {
                refresh(); // maybe a holder appeared meanwhile; otherwise nobody has the rest
                dispatch();
                if (running == 0) {
                    break;
                }
            }
            Finished f = next(Math.max(1, nextRefresh - clock.millis()));
            if (f != null) {
                handle(f);
            }
            if (clock.millis() >= nextRefresh && !plan.finished()) {
                refresh();
            }
        }
        while (running > 0) {
            handle(next(Long.MAX_VALUE));
        }
        if (fatal != null) {
            throw fatal;
        }
        if (!plan.finished() && !failures.isEmpty()) {
            log.warn("peers dropped during the delivery of manifest {}: {}", target.manifestId(), failures);
        }
        Map<NodeId, Long> bytes = new HashMap<>();
        wire.forEach((n, b) -> {
            if (b.sum() > 0) {
                bytes.put(n, b.sum());
            }
        });
        return new Result(bytes, failures, refusals, plan.finished() ? 0 : plan.unheld());
    }

    private void refresh() {
        discovery.refresh(plan);
        nextRefresh = clock.millis() + refreshEvery.toMillis();
    }

    private Finished next(long waitMillis) throws InterruptedIOException {
        try {
            return events.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("delivery interrupted");
        }
    }

    /** Starts requests for every peer with work, up to {@link #PER_PEER} each. */
    private void dispatch() {
        for (NodeId node : plan.nodesWithWork()) {
            PeerProfile peer = plan.peer(node);
            while (peer != null && inFlight.getOrDefault(node, 0) < PER_PEER && !plan.isDropped(node)) {
                Job job = plan.claim(node, jobBytes(), JOB_CHUNKS);
                if (job == null) {
                    break;
                }
                inFlight.merge(node, 1, Integer::sum);
                running++;
                LongAdder bytes = wire.computeIfAbsent(node, n -> new LongAdder());
                pool.execute(() -> events.add(fetch(peer, job, bytes)));
            }
        }
    }

    /** Runs on the pool: one request, its outcome. */
    private Finished fetch(PeerProfile peer, Job job, LongAdder bytes) {
        long t0 = System.nanoTime();
        try {
            Set<ChunkId> absent = Set.of();
            if (job.isPick()) {
                client.pick(peer.address(), target.manifestId(), target.chunks(), job.indices(), sink, bytes);
            } else {
                absent = client.batch(peer.address(), job.ids(), target.maxChunk(), sink, bytes);
            }
            log.debug("{} of {} chunks, {} bytes from {} in {} ms", job.isPick() ? "pick" : "batch", job.ids().size(),
                    job.bytes(), peer.node(), (System.nanoTime() - t0) / 1_000_000);
            return new Finished(job, Outcome.DONE, null, absent);
        } catch (IOException | RuntimeException e) {
            return new Finished(job, Outcome.of(e), e, Set.of());
        }
    }

    private void handle(Finished f) {
        NodeId node = f.job().node();
        inFlight.merge(node, -1, Integer::sum);
        running--;
        plan.release(f.job());
        switch (f.outcome()) {
            case DONE -> f.absent().forEach(id -> plan.dropHolder(node, id));
            case MISSING -> {
                log.info("{} no longer has what it advertised: {}", node, f.cause().getMessage());
                f.job().ids().forEach(id -> plan.dropHolder(node, id));
            }
            case LOCAL -> {
                if (fatal == null) {
                    fatal = f.cause() instanceof LocalFailure l ? l.getCause()
                            : new IOException(String.valueOf(f.cause().getMessage()), f.cause());
                }
            }
            case FORBIDDEN -> {
                // policy, not failure: the peer is not asked again in this delivery, and not counted as failed
                plan.dropNode(node);
                refusals.put(node, f.cause().getMessage());
                log.info("{} refused this node: {}", node, f.cause().getMessage());
            }
            default -> {
                plan.dropNode(node);
                failures.put(node, f.cause().getMessage());
                log.warn("dropping peer {} for this delivery ({}): {}", node, f.outcome(), f.cause().getMessage());
            }
        }
    }

    /**
     * Large jobs amortise requests; small ones let every holder take part. A job is at most a quarter
     * of what is left per request in flight, between 256 KiB and 4 MiB.
     */
    private long jobBytes() {
        long left = (long) plan.remaining() * target.avgChunk();
        return Math.max(MIN_JOB, Math.min(MAX_JOB, left / (4L * Math.max(1, running))));
    }
}
