package io.ferry.sim;

import io.ferry.catalog.PeerHistory;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import io.ferry.plan.Job;
import io.ferry.plan.PeerProfile;
import io.ferry.plan.Plan;
import io.ferry.plan.Priority;
import io.ferry.plan.SourcePlanner;
import io.ferry.plan.Strategy;
import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * DeliverySim delivers one image from one seed to N nodes at once over a {@link Fluid} network, each node
 * planning with the real planner ({@link SourcePlanner}: {@code Claims}, the {@code Scheduler}, site
 * sharing) and fetching by a model of the executor's policy: two requests in flight per peer, requests of
 * about two seconds of the peer's rate (one to four pieces), the plan told each request's rate, a new
 * schedule at most once a simulated second when the plan says one is due, and site sharing given up after
 * four seconds with nothing arriving. Not modelled: the endgame's second asks, CPU, compression, loss.
 *
 * <p>What a node holds reaches the nodes that follow it one gossip round (a second) later. Each node
 * follows the seed, every node of its own site (so the site's deliveries agree on who brings which block
 * across, as they do over the real table), and {@code K} nodes of the other site chosen at random (a
 * node's view of a large cluster's table is all of it; a sample of the far site keeps the plans small).
 * Pieces are coarser than Ferry's 16 KiB chunks for the same reason: a thousand plans of 131,072 chunks
 * each do not fit.
 */
final class DeliverySim {
    /** One node: its links, its site, its plan (null for the seed) and who it follows. */
    final class Node {
        final int id;
        final int site;
        final Fluid.Link up;
        final Fluid.Link down;
        final double upBytesPerMs;
        final List<Node> follows = new ArrayList<>();
        final List<Node> followers = new ArrayList<>();
        final Map<Integer, Integer> inFlight = new HashMap<>();
        final BitSet fresh = new BitSet();
        /** Per peer, when its last request to this node ended (its rate is over the time it was busy). */
        final Map<Integer, Long> lastEnd = new HashMap<>();
        boolean publishing;
        Plan plan;
        long doneAt = -1;
        long lastArrival;
        long nextReplan;

        Node(int id, int site, double upBytesPerMs, double downBytesPerMs) {
            this.id = id;
            this.site = site;
            this.upBytesPerMs = upBytesPerMs;
            this.up = new Fluid.Link(upBytesPerMs);
            this.down = new Fluid.Link(downBytesPerMs);
        }

        NodeId name() {
            return NodeId.of("n" + id);
        }
    }

    final EventLoop loop = new EventLoop();
    private final Fluid net = new Fluid(loop);
    private final ChunkList pieces;
    private final ManifestId manifest = ManifestId.parse("ee".repeat(32));
    private final Fluid.Link between;
    final List<Node> nodes = new ArrayList<>();
    /** Per piece, how many times it crossed into site 1 (the seed's is site 0). */
    final int[] crossings;
    private final Strategy strategy;
    private final Map<ChunkId, Integer> index = new HashMap<>();

    /**
     * @param pieceBytes the size of a piece
     * @param pieces     how many pieces the image has
     * @param betweenBytesPerMs the link between the two sites (0: one site)
     */
    DeliverySim(int pieceBytes, int pieces, double betweenBytesPerMs, Strategy strategy) {
        ChunkList.Builder b = new ChunkList.Builder();
        for (int i = 0; i < pieces; i++) {
            byte[] id = new byte[ChunkId.BYTES];
            java.nio.ByteBuffer.wrap(id).putInt(i).putInt(0x5eed);
            b.add(ChunkId.of(id), pieceBytes, false);
            index.put(ChunkId.of(id), i);
        }
        this.pieces = b.build();
        this.between = betweenBytesPerMs > 0 ? new Fluid.Link(betweenBytesPerMs) : null;
        this.crossings = new int[pieces];
        this.strategy = strategy;
    }

    /** Adds a node (the first is the seed, holding every piece); rates in bytes per millisecond. */
    Node add(int site, double up, double down) {
        Node n = new Node(nodes.size(), site, up, down);
        nodes.add(n);
        return n;
    }

    /** Each node but the seed follows the seed, its site, and {@code k} of the other site at random; then all start. */
    void start(int k, long seed) {
        Random random = new Random(seed);
        Node origin = nodes.get(0);
        for (Node n : nodes.subList(1, nodes.size())) {
            List<Node> others = new ArrayList<>(nodes.subList(1, nodes.size()));
            others.remove(n);
            java.util.Collections.shuffle(others, random);
            follow(n, origin);
            others.stream().filter(o -> o.site == n.site).forEach(o -> follow(n, o)); // the table shows its site whole
            others.stream().filter(o -> o.site != n.site).limit(k).forEach(o -> follow(n, o));
        }
        for (Node n : nodes.subList(1, nodes.size())) {
            BitSet missing = new BitSet();
            missing.set(0, pieces.count());
            n.plan = new SourcePlanner(strategy).plan(manifest, pieces, missing, n.name());
            for (Node f : n.follows) {
                n.plan.addPeer(profile(n, f));
            }
            for (int i = 0; i < pieces.count(); i++) {
                n.plan.addTargetHolder(origin.name(), i);
            }
            // a second later each sees which nodes it follows are delivering too: those of its site are its mates
            loop.after(Long.getLong("sim.mateDelay", 1000), () -> n.follows.stream().filter(f -> f != origin && f.site == n.site)
                    .forEach(f -> n.plan.siteMate(f.name())));
            loop.after(0, () -> tick(n));
        }
    }

    private void follow(Node n, Node f) {
        if (!n.follows.contains(f)) {
            n.follows.add(f);
            f.followers.add(n);
        }
    }

    private PeerProfile profile(Node n, Node f) {
        return new PeerProfile(f.name(), "n" + f.id + ":1", "s" + f.site, f.site != n.site, Priority.NORMAL,
                (long) (f.upBytesPerMs * 8000), PeerHistory.NONE);
    }

    /** A node's second: schedule if due, give up site sharing after 4 s without arrivals, ask for more. */
    private void tick(Node n) {
        if (n.doneAt >= 0) {
            return;
        }
        steer(n);
        if (n.plan.deferring() && loop.now() - n.lastArrival > 4000) {
            n.plan.undefer();
        }
        dispatch(n);
        loop.after(1000, () -> tick(n));
    }

    private void steer(Node n) {
        if (loop.now() >= n.nextReplan && n.plan.needsReplan()) {
            n.plan.replan();
            n.nextReplan = loop.now() + 1000;
        }
    }

    private void dispatch(Node n) {
        for (NodeId peer : n.plan.nodesWithWork()) {
            Node from = nodes.get(Integer.parseInt(peer.value().substring(1)));
            while (n.inFlight.getOrDefault(from.id, 0) < 2) {
                long bytes = Math.max(pieces.length(0), Math.min(4L << 20, (long) (from.upBytesPerMs * 2000)));
                Job job = n.plan.claim(peer, bytes, 1000);
                if (job == null) {
                    break;
                }
                fetch(n, from, job);
            }
        }
    }

    private void fetch(Node n, Node from, Job job) {
        n.inFlight.merge(from.id, 1, Integer::sum);
        boolean crosses = between != null && from.site != n.site;
        long started = loop.now();
        Runnable done = () -> arrived(n, from, job, started, crosses);
        long latency = crosses ? 10 : 1;
        if (crosses) {
            net.start(job.bytes(), latency, done, from.up, n.down, between);
        } else {
            net.start(job.bytes(), latency, done, from.up, n.down);
        }
    }

    private void arrived(Node n, Node from, Job job, long started, boolean crossed) {
        n.inFlight.merge(from.id, -1, Integer::sum);
        n.lastArrival = loop.now();
        for (ChunkId id : job.ids()) {
            int i = index.get(id);
            if (crossed && n.site == 1) {
                crossings[i]++;
            }
            if (!n.plan.isDone(id)) {
                n.plan.complete(id);
                n.fresh.set(i);
            }
        }
        n.plan.release(job);
        long from0 = Math.max(started, n.lastEnd.getOrDefault(from.id, Long.MIN_VALUE));
        n.lastEnd.put(from.id, loop.now());
        n.plan.measured(from.name(), job.bytes() * 1000.0 / Math.max(1, loop.now() - from0));
        if (!n.publishing && !n.fresh.isEmpty()) {
            n.publishing = true;
            loop.after(1000, () -> publish(n)); // the next gossip round carries what arrived since
        }
        if (n.plan.finished()) {
            n.doneAt = loop.now();
            return;
        }
        steer(n);
        dispatch(n);
    }

    /** Tells the nodes that follow {@code n} what it got since its last round, and lets them ask for it. */
    private void publish(Node n) {
        BitSet now = (BitSet) n.fresh.clone();
        n.fresh.clear();
        n.publishing = false;
        for (Node f : n.followers) {
            if (f.doneAt >= 0) {
                continue;
            }
            now.stream().forEach(i -> f.plan.addTargetHolder(n.name(), i));
            dispatch(f);
        }
    }

    boolean allDone() {
        return nodes.stream().skip(1).allMatch(n -> n.doneAt >= 0);
    }
}
