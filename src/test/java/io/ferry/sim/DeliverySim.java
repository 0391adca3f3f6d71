package io.ferry.sim;

import io.ferry.catalog.PeerHistory;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.executor.SimulatedRun;
import io.ferry.manifest.ManifestId;
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
 * running the real planner ({@link SourcePlanner}: {@code Claims}, the {@code Scheduler}, site sharing)
 * and the real executor's decisions ({@link SimulatedRun} drives {@code io.ferry.executor.Run}: request
 * sizes, two requests in flight per peer, measured rates, new schedules, stealing, the endgame and its
 * cancellations, the wait for site mates, a busy peer's refusal and the pause before asking it again) on
 * the simulated clock. A node serves 16 requests at once and queues 128 more, as a node's peer listener
 * does; beyond that it refuses. Not simulated: CPU, compression, loss, other failures, the watch on a
 * request's body (a simulated link never stalls).
 *
 * <p>What a node holds reaches the nodes that follow it one gossip round (a second) later. Each node
 * follows the seed, the nodes of its own site (up to {@link #SITE_SAMPLE} of them at random), and
 * {@code K} nodes of the other site chosen at random (a node's view of a large cluster's table is all of
 * it; a sample keeps the plans small). A second after the start each node learns which nodes of its site
 * are delivering too, all of them (as the real table shows their partial holdings), so the site's
 * deliveries agree on who brings which block across.
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
        final BitSet fresh = new BitSet();
        /** Requests it serves now, and those waiting for a worker (a node's peer listener: 16 and 128). */
        int serving;
        final java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>();
        boolean publishing;
        Plan plan;
        SimulatedRun run;
        long doneAt = -1;

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
    private final java.time.Clock clock = new java.time.Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(loop.now());
        }

        @Override
        public long millis() {
            return loop.now();
        }
    };
    private final Fluid net = new Fluid(loop);
    private final ChunkList pieces;
    private final ManifestId manifest = ManifestId.parse("ee".repeat(32));
    private final Fluid.Link between;
    final List<Node> nodes = new ArrayList<>();
    /** Per piece, how many times it crossed into site 1 (the seed's is site 0). */
    final int[] crossings;
    private final Strategy strategy;
    private final Map<ChunkId, Integer> index = new HashMap<>();
    /** Nodes done so far. */
    private int done;

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

    /** A node's peer listener: its workers (a queue of 8 times as many; beyond it, 503), as NodeDaemon's. */
    static final int WORKERS = 16;

    /** A node follows at most this many nodes of its own site (at random), so a thousand nodes fit. */
    static final int SITE_SAMPLE = Integer.getInteger("sim.siteSample", 60);

    /**
     * Each node but the seed follows the seed, its site (at most {@link #SITE_SAMPLE} of it), and {@code k}
     * of the other site at random (one site: {@code k} nodes at random); then all start.
     */
    void start(int k, long seed) {
        Random random = new Random(seed);
        Node origin = nodes.get(0);
        for (Node n : nodes.subList(1, nodes.size())) {
            List<Node> others = new ArrayList<>(nodes.subList(1, nodes.size()));
            others.remove(n);
            java.util.Collections.shuffle(others, random);
            follow(n, origin);
            if (between != null) { // two sites: a node follows its site (or SITE_SAMPLE of it), and k of the other
                others.stream().filter(o -> o.site == n.site).limit(SITE_SAMPLE).forEach(o -> follow(n, o));
                others.stream().filter(o -> o.site != n.site).limit(k).forEach(o -> follow(n, o));
            } else {
                others.stream().limit(k).forEach(o -> follow(n, o));
            }
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
            // a second later each sees which nodes of its site are delivering too: its mates
            n.run = new SimulatedRun(n.plan, pieces, clock, loop::after, new SimulatedRun.Wire() {
                @Override
                public void carry(NodeId from, ChunkId id, long bytes, boolean first, java.util.function.BooleanSupplier cancelled,
                                  java.util.function.LongConsumer done) {
                    DeliverySim.this.carry(n, node(from), id, bytes, first, cancelled, done);
                }

                @Override
                public boolean open(NodeId from, Runnable go) {
                    return serve(node(from), go);
                }

                @Override
                public void close(NodeId from) {
                    served(node(from));
                }
            }, id -> arrived(n, id));
            loop.after(Long.getLong("sim.mateDelay", 1000), () -> {
                if (between == null) {
                    return; // one site: nothing crosses, nothing to share
                }
                nodes.stream().skip(1).filter(f -> f != n && f.site == n.site).forEach(f -> n.plan.siteMate(f.name()));
                n.run.poke();
            });
            loop.after(0, n.run::begin);
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

    /**
     * A chunk {@code n} asked of {@code from}: over the link between sites when they are of different ones;
     * the first of a request after the request's latency (1 ms within a site, 10 across).
     */
    private void carry(Node n, Node from, ChunkId id, long bytes, boolean first, java.util.function.BooleanSupplier cancelled,
                       java.util.function.LongConsumer done) {
        boolean crosses = between != null && from.site != n.site;
        java.util.function.LongConsumer counted = carried -> {
            if (crosses && n.site == 1 && carried >= bytes) {
                crossings[index.get(id)]++;
            }
            done.accept(carried);
        };
        long latency = first ? crosses ? 10 : 1 : 0;
        if (crosses) {
            net.start(bytes, latency, cancelled, counted, from.up, n.down, between);
        } else {
            net.start(bytes, latency, cancelled, counted, from.up, n.down);
        }
    }

    private Node node(NodeId name) {
        return nodes.get(Integer.parseInt(name.value().substring(1)));
    }

    /** A request to {@code n}: served at once by one of its 16 workers, queued (up to 128), or refused. */
    private boolean serve(Node n, Runnable go) {
        if (n.serving < WORKERS) {
            n.serving++;
            go.run();
            return true;
        }
        if (n.queue.size() < 8 * WORKERS) {
            n.queue.add(go);
            return true;
        }
        return false;
    }

    private void served(Node n) {
        Runnable next = n.queue.poll();
        if (next == null) {
            n.serving--;
        } else {
            next.run(); // the worker goes on to the next request
        }
    }

    private void arrived(Node n, ChunkId id) {
        n.fresh.set(index.get(id));
        if (!n.publishing) {
            n.publishing = true;
            loop.after(1000, () -> publish(n)); // the next gossip round carries what arrived since
        }
        if (n.doneAt < 0 && n.plan.finished()) {
            n.doneAt = loop.now();
            done++;
        }
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
            now.stream().forEach(i -> f.plan.addTargetHolder(n.name(), i)); // its run sees them at its next tick
        }
    }

    boolean allDone() {
        return done == nodes.size() - 1;
    }
}
