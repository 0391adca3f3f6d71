package io.ferry.executor;

import io.ferry.chunk.ChunkId;
import io.ferry.plan.Job;
import io.ferry.plan.PeerProfile;
import io.ferry.plan.Plan;
import io.ferry.transfer.PeerClient;
import io.ferry.transfer.Receiver;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PooledRequests asks real peers: each request runs on the pool (blocking I/O), hands the verified
 * chunks to the sink, and reports its ending to {@code ended}.
 */
final class PooledRequests implements Requests {
    private static final Logger log = LoggerFactory.getLogger(PooledRequests.class);

    private final PeerClient client;
    private final ExecutorService pool;
    private final Target target;
    private final Receiver sink;
    private final Plan plan;
    private final Consumer<Finished> ended;

    PooledRequests(PeerClient client, ExecutorService pool, Target target, Receiver sink, Plan plan, Consumer<Finished> ended) {
        this.client = client;
        this.pool = pool;
        this.target = target;
        this.sink = sink;
        this.plan = plan;
        this.ended = ended;
    }

    @Override
    public void start(PeerProfile peer, Flight flight) {
        pool.execute(() -> ended.accept(fetch(peer, flight)));
    }

    /** Runs on the pool: one request, its outcome. */
    private Finished fetch(PeerProfile peer, Flight flight) {
        long t0 = System.nanoTime();
        Job job = flight.job;
        Receiver counted = (id, data, length) -> {
            if (!plan.isDone(id)) { // the endgame may bring a chunk twice: the first copy in is kept
                sink.accept(id, data, length);
                plan.complete(id);
            }
            flight.call.delivered(length);
        };
        try {
            Set<ChunkId> absent = job.isPick()
                    ? client.pick(peer.address(), target.manifestId(), target.chunks(), job.indices(), counted, flight.call)
                    : client.batch(peer.address(), job.ids(), target.maxChunk(), counted, flight.call);
            log.debug("{} of {} chunks, {} bytes from {} in {} ms", job.isPick() ? "pick" : "batch", job.ids().size(),
                    job.bytes(), peer.node(), (System.nanoTime() - t0) / 1_000_000);
            return new Finished(flight, Outcome.DONE, null, absent);
        } catch (IOException | RuntimeException e) {
            return new Finished(flight, Outcome.of(e), e, Set.of());
        }
    }
}
