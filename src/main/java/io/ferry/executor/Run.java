package io.ferry.executor;

import io.ferry.trust.NodeId;
import io.ferry.plan.Job;
import io.ferry.plan.PeerProfile;
import io.ferry.plan.Plan;
import io.ferry.transfer.Call;
import io.ferry.transfer.LocalFailure;
import io.ferry.transfer.RequestLimits;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run is one delivery's decisions: it claims jobs from the plan, starts them as {@link Requests}, and
 * takes in each request's ending by its {@link Outcome}. It is event-driven and single-threaded: a driver
 * ({@link RunLoop} on the caller's thread; the delivery simulation on its clock) calls {@link #begin},
 * then {@link #advance} and {@link #after} in turn until {@code advance} says the run is over, then
 * {@link #end}. The requests' own threads only fetch and hand verified chunks on.
 *
 * <p>Nothing stalls it. Every request is watched while its body arrives ({@link Call}: a floor on the
 * rate, a deadline from the bytes asked and the peer's measured rate), so a peer that trickles or falls
 * far behind loses its request, and its work goes to the other holders. Requests are sized to about
 * {@link #TARGET_MILLIS} of the peer's measured rate, so a slow peer only ever holds a little work. And
 * in the endgame, once every chunk left is asked of someone, a peer with a free slot asks for the chunks
 * of a request that is lagging (it would take more than twice as long as this peer needs for them): the
 * first copy in wins, and the other request is cancelled as soon as all its chunks are in. A peer that broke off
 * (a node restarting, a connection reset) is left out for a pause and asked again, up to
 * {@link #PAROLES} times with the pause doubling; one that trickles below the floor, lies or refuses is left
 * out for good. One that only falls behind its own rate keeps its place at the rate it now shows: the
 * plan gives it less (a link that slows is not a failure).
 */
public final class Run {
    private static final Logger log = LoggerFactory.getLogger(Run.class);
    /** Jobs are at most what a peer serves in one request (it refuses more). */
    private static final long MAX_JOB = RequestLimits.JOB_BYTES;
    private static final long MIN_JOB = 256L << 10;
    private static final int JOB_CHUNKS = RequestLimits.MAX_CHUNKS;
    /** Requests in flight per peer: one being answered while the last one's chunks are written. */
    private static final int PER_PEER = 2;
    /** A request should take about this long at its peer's measured rate. */
    private static final long TARGET_MILLIS = 2000;
    /** How often the run looks at its requests in flight, at most this long apart. */
    private static final long TICK_MILLIS = 200;
    /** A peer that broke off is asked again after this pause, doubled each time, at most {@link #PAROLES} times. */
    private static final long PAROLE_MILLIS = 2000;
    private static final int PAROLES = 4;
    /**
     * A busy peer's pause: half a second, doubling at most this many times (to 8 s), with jitter; past
     * {@link #BUSY_LIMIT} answers in a row it is dropped. Shorter than a failed peer's: busy is a full
     * queue, gone within moments (the simulation: pauses from 2 s kept 100 Mbit/s nodes idle a quarter of
     * their delivery), and the peer's work is with others meanwhile.
     */
    private static final long BUSY_MILLIS = 500;
    private static final int BUSY_DOUBLINGS = 4;
    private static final int BUSY_LIMIT = 128;

    private final Plan plan;
    private final Target target;
    private final Discovery discovery;
    private final Requests requests;
    private final Clock clock;
    private final Duration refreshEvery;
    private final Map<NodeId, Integer> inFlight = new HashMap<>();
    private final List<Flight> flights = new ArrayList<>();
    private final PeerMeters meters = new PeerMeters();
    private final Map<NodeId, Integer> errors = new HashMap<>();
    private final java.util.Set<NodeId> corrupt = new java.util.HashSet<>();
    private final Steering steering;
    private final Map<NodeId, LongAdder> wire = new ConcurrentHashMap<>();
    private final Map<NodeId, String> failures = new HashMap<>();
    private final Map<NodeId, String> refusals = new HashMap<>();
    /** Peers that broke off, and when they may be asked again. */
    private final Map<NodeId, Long> paroled = new HashMap<>();
    private final Map<NodeId, Integer> paroles = new HashMap<>();
    /** Busy answers per peer since it last served one. */
    private final Map<NodeId, Integer> busy = new HashMap<>();
    private final java.util.SplittableRandom jitter = new java.util.SplittableRandom();
    private int running;
    private IOException fatal;
    private long nextRefresh;

    Run(Plan plan, Target target, Discovery discovery, Requests requests, Clock clock, Duration refreshEvery) {
        this.plan = plan;
        this.target = target;
        this.discovery = discovery;
        this.requests = requests;
        this.clock = clock;
        this.refreshEvery = refreshEvery;
        this.steering = new Steering(plan, clock);
    }

    /** Learns the holders and makes the first schedule. */
    void begin() {
        refresh();
    }

    /**
     * Starts what can be started; false when the run is over: every chunk is in, nobody holds the rest,
     * or this node failed ({@link #failing}).
     */
    boolean advance() {
        if (fatal != null) {
            return false;
        }
        dispatch();
        if (plan.finished()) {
            return false;
        }
        readmitDue();
        if (running == 0 && plan.nodesWithWork().isEmpty() && paroled.isEmpty()) {
            refresh(); // maybe a holder appeared meanwhile; otherwise nobody has the rest
            dispatch();
            return running > 0;
        }
        return true;
    }

    /** How long to wait for a request to end before {@link #after}: with a peer on parole, a tick to readmit it. */
    long waitMillis() {
        return Math.max(1, Math.min(TICK_MILLIS, nextRefresh - clock.millis()));
    }

    /** After a wait: handles the request that ended (null: none did), and steers. */
    void after(Finished f) {
        if (f != null) {
            handle(f);
            steering.replan();
        }
        cancelAnswered();
        steering.siteWait(() -> wire.values().stream().mapToLong(LongAdder::sum).sum());
        if (clock.millis() >= nextRefresh && !plan.finished()) {
            refresh();
        }
    }

    /** Whether this node failed (the sink); the requests still out are then {@link #handle}d before {@link #end}. */
    boolean failing() {
        return fatal != null;
    }

    int running() {
        return running;
    }

    /**
     * The run's result once it stopped; what is still in flight was asked twice and is not needed (its
     * requests end at their next read and hand nothing on).
     *
     * @throws IOException when this node failed
     */
    RunResult end() throws IOException {
        if (fatal != null) {
            throw fatal;
        }
        flights.forEach(f -> f.call.cancel());
        if (!plan.finished() && !failures.isEmpty()) {
            log.warn("peers dropped during the delivery of manifest {}: {}", target.manifestId(), failures);
        }
        Map<NodeId, Long> bytes = new HashMap<>();
        wire.forEach((n, b) -> {
            if (b.sum() > 0) {
                bytes.put(n, b.sum());
            }
        });
        return new RunResult(bytes, failures, refusals, plan.finished() ? 0 : plan.unheld(), meters.seconds(),
                meters.latencies(), errors,
                corrupt, plan.reassigned());
    }

    /** Gives the peers whose pause is over their work back. */
    private void readmitDue() {
        long now = clock.millis();
        boolean any = paroled.entrySet().removeIf(e -> {
            if (e.getValue() > now) {
                return false;
            }
            plan.readmit(e.getKey());
            if (busy.containsKey(e.getKey())) {
                log.debug("asking {} again", e.getKey()); // busy: a crowd's worth of these says nothing
            } else {
                log.info("asking {} again", e.getKey());
            }
            return true;
        });
        if (any) {
            refresh(); // a node that restarted may serve at a new address: learn it before asking
        }
    }

    private void refresh() {
        discovery.refresh(plan);
        nextRefresh = clock.millis() + refreshEvery.toMillis();
        steering.replan();
    }

    /** Starts requests for every peer with work, up to {@link #PER_PEER} each; then the endgame's. */
    private void dispatch() {
        for (NodeId node : plan.nodesWithWork()) {
            PeerProfile peer = plan.peer(node);
            while (peer != null && inFlight.getOrDefault(node, 0) < PER_PEER && !plan.isDropped(node)) {
                Job job = plan.claim(node, jobBytes(node), JOB_CHUNKS);
                if (job == null) {
                    break;
                }
                start(peer, job);
            }
        }
        endgame();
    }

    /**
     * Once every chunk left is asked of someone, gives each peer with a free slot the chunks of the request
     * that lags most, if it lags: if at the rate it shows it would still take more than twice what this
     * peer needs for its chunks. Not before: on a node whose own link is the bottleneck every request looks
     * slow, and a second ask would only take a share of that link from a first one (the simulation showed
     * a third more bytes into its 100 Mbit/s nodes when it was allowed earlier).
     */
    private void endgame() {
        if (flights.isEmpty() || !plan.adaptive() || !plan.nodesWithWork().isEmpty()) {
            return; // only for the last chunks: while any is unclaimed, a second ask takes a link from it
        }
        long now = clock.millis();
        for (NodeId node : plan.liveNodes()) {
            PeerProfile peer = plan.peer(node);
            double mine = meters.bytesPerMs(node);
            List<Flight> lagging = new ArrayList<>();
            for (Flight f : flights) {
                double left = f.remainingMillis(now, meters.bytesPerMs(f.job.node()));
                double needed = mine > 0 ? (f.job.bytes() - f.call.delivered()) / mine : Double.MAX_VALUE / 4;
                if (!f.duplicated && !f.call.cancelled() && !f.job.node().equals(node) && left > 2 * needed + TICK_MILLIS) {
                    lagging.add(f);
                }
            }
            lagging.sort(Comparator.comparingDouble((Flight f) -> -f.remainingMillis(now, meters.bytesPerMs(f.job.node()))));
            for (Flight f : lagging) {
                if (peer == null || inFlight.getOrDefault(node, 0) >= PER_PEER) {
                    break;
                }
                Job twice = plan.duplicate(node, f.job);
                if (twice != null) {
                    f.duplicated = true;
                    log.debug("{} lags: {} of its chunks asked of {} too", f.job.node(), twice.ids().size(), node);
                    start(peer, twice).duplicated = true;
                }
            }
        }
    }

    private Flight start(PeerProfile peer, Job job) {
        inFlight.merge(peer.node(), 1, Integer::sum);
        running++;
        LongAdder bytes = wire.computeIfAbsent(peer.node(), n -> new LongAdder());
        Flight f = new Flight(job, new Call(clock, job.bytes(), meters.bytesPerMs(peer.node()), bytes), bytes);
        flights.add(f);
        requests.start(peer, f);
        return f;
    }

    /** Cancels the requests asked twice whose chunks are all in. */
    private void cancelAnswered() {
        for (Flight f : flights) {
            if (f.duplicated && !f.call.cancelled() && plan.allDone(f.job)) {
                f.call.cancel();
            }
        }
    }

    /** Takes in a request that ended. */
    void handle(Finished f) {
        Job job = f.flight().job;
        NodeId node = job.node();
        inFlight.merge(node, -1, Integer::sum);
        running--;
        flights.remove(f.flight());
        plan.release(job);
        long now = clock.millis();
        double rate = meters.ended(node, f.flight().call.startedMillis(), now, wire.get(node).sum());
        long firstByte = f.flight().call.firstByteMillis();
        if (firstByte >= 0) {
            meters.firstByte(node, firstByte);
        }
        if (rate > 0 && (f.outcome() == Outcome.DONE || f.outcome() == Outcome.CANCELLED || f.outcome() == Outcome.LAGGING)) {
            plan.measured(node, rate);
        }
        if (f.outcome() == Outcome.TRANSIENT || f.outcome() == Outcome.SLOW) {
            errors.merge(node, 1, Integer::sum);
        } else if (f.outcome() == Outcome.CORRUPT) {
            corrupt.add(node);
        }
        switch (f.outcome()) {
            case DONE -> {
                busy.remove(node);
                f.absent().forEach(id -> plan.dropHolder(node, id));
                if (!f.absent().isEmpty()) {
                    log.info("{} could not produce {} of the chunks asked: they are asked of others", node, f.absent().size());
                }
            }
            case CANCELLED -> {
                // nobody's failure; what it brought is in the meter
            }
            case LAGGING -> log.info("{} lags ({}): the rest of that request is asked of others", node, f.cause().getMessage());
            case MISSING -> {
                log.info("{} no longer has what it advertised: {}", node, f.cause().getMessage());
                job.ids().forEach(id -> plan.dropHolder(node, id));
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
            case BUSY -> busy(node, f.cause().getMessage());
            case TRANSIENT -> {
                plan.dropNode(node);
                if (!paroled.containsKey(node)) { // its other request failing too is the same incident
                    int n = paroles.merge(node, 1, Integer::sum);
                    if (n <= PAROLES) {
                        long pause = PAROLE_MILLIS << (n - 1);
                        paroled.put(node, clock.millis() + pause);
                        log.warn("peer {} failed ({}); its work goes to others, and it is asked again in {} s", node,
                                f.cause().getMessage(), pause / 1000);
                    } else {
                        failures.put(node, f.cause().getMessage());
                        log.warn("dropping peer {} for this delivery after {} failures: {}", node, n, f.cause().getMessage());
                    }
                }
            }
            default -> {
                plan.dropNode(node);
                paroled.remove(node);
                failures.put(node, f.cause().getMessage());
                log.warn("dropping peer {} for this delivery ({}): {}", node, f.outcome(), f.cause().getMessage());
            }
        }
    }

    /** {@code node} answered busy: its work goes to others until a pause, with jitter, is over. */
    private void busy(NodeId node, String why) {
        plan.dropNode(node);
        if (paroled.containsKey(node)) {
            return; // its other request's answer: the same moment
        }
        int n = busy.merge(node, 1, Integer::sum);
        if (n > BUSY_LIMIT) {
            failures.put(node, why);
            log.warn("dropping peer {} for this delivery: busy {} times in a row ({})", node, n - 1, why);
            return;
        }
        long base = BUSY_MILLIS << Math.min(n - 1, BUSY_DOUBLINGS);
        long pause = base / 2 + jitter.nextLong(base);
        paroled.put(node, clock.millis() + pause);
        if (n == 1) {
            log.info("peer {} is busy ({}); its work goes to others, and it is asked again in {} ms", node, why, pause);
        }
    }

    /**
     * Large jobs amortise requests; small ones let every holder take part and keep a slow peer's share
     * small. A job is about {@link #TARGET_MILLIS} of the peer's measured rate ({@link #MIN_JOB} before
     * it has one), at most a quarter of what is left per request in flight, between 256 KiB and 4 MiB.
     */
    private long jobBytes(NodeId node) {
        long left = (long) plan.remaining() * target.avgChunk();
        double rate = meters.bytesPerMs(node);
        long byRate = rate > 0 ? (long) (rate * TARGET_MILLIS) : MIN_JOB;
        return Math.max(MIN_JOB, Math.min(Math.min(MAX_JOB, byRate), left / (4L * Math.max(1, running))));
    }
}
