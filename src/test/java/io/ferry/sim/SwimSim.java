package io.ferry.sim;

import io.ferry.exchange.swim.MemberState;
import io.ferry.exchange.swim.MemberStatus;
import io.ferry.exchange.swim.Swim;
import io.ferry.exchange.swim.SwimCodec;
import io.ferry.exchange.swim.SwimConfig;
import io.ferry.exchange.swim.SwimMessage;
import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * SwimSim runs the real {@link Swim} of N nodes on a {@link SimNetwork}: random latency, loss per message,
 * nodes that are killed (stop answering and ticking), leave, restart with a higher incarnation, and
 * partitions. Bytes are counted by the real codec plus {@link GossipSim#OVERHEAD} framing per message.
 * Checks read counts and single entries, never every pair, so N = 10,000 stays affordable.
 */
public final class SwimSim {
    public final EventLoop loop = new EventLoop();
    private final Random random;
    private final SwimConfig config;
    public final SimNetwork<SwimMessage> net;
    final List<SimNode> nodes = new ArrayList<>();
    /** Times a node declared dead a member that was running and on its side of any partition. */
    long falseDeaths;
    /** When some node first saw a member suspect, and first declared it dead (simulated ms; 0: not yet). */
    long firstSuspect;
    long firstDead;
    /** Suspicions raised or heard, all nodes together. */
    long suspicions;

    /** One simulated node. */
    public final class SimNode {
        final int index;
        final NodeId id;
        final String address;
        Swim swim;
        boolean running = true;

        SimNode(int index) {
            this.index = index;
            this.id = NodeId.of("node-" + index);
            this.address = SimAddress.of(index);
            boot(1);
        }

        void boot(long incarnation) {
            swim = new Swim(id, address, incarnation, config, new Random(random.nextLong()),
                    (to, at, m, onReply) -> net.call(address, at, m, onReply));
            net.attach(address, id, swim::onRequest);
            swim.listener(s -> {
                if (s.state() == MemberState.SUSPECT) {
                    suspicions++;
                    firstSuspect = firstSuspect == 0 ? loop.now() : firstSuspect;
                }
                if (s.state() == MemberState.DEAD && firstDead == 0) {
                    firstDead = loop.now();
                }
                if (s.state() == MemberState.DEAD) {
                    SimNode other = nodes.get(SimAddress.index(s.address()));
                    if (other.running && net.side(other.address) == net.side(address)) {
                        falseDeaths++;
                    }
                }
            });
        }

        private void tick() {
            if (running) {
                swim.tick(loop.now());
                loop.after(50, this::tick);
            }
        }

        public MemberState view(SimNode of) {
            MemberStatus s = swim.status(of.id);
            return s == null ? null : s.state();
        }
    }

    public SwimSim(long seed, SwimConfig config, double loss, int maxLatencyMillis) {
        this.random = new Random(seed);
        this.config = config;
        this.net = new SimNetwork<>(loop, new Random(random.nextLong()), SwimCodec::size, GossipSim.OVERHEAD, 1,
                maxLatencyMillis);
        net.loss(loss);
    }


    /** Starts {@code n} nodes; each joins through node 0 at a random moment in the first second. */
    public void start(int n) {
        for (int i = 0; i < n; i++) {
            nodes.add(new SimNode(i));
        }
        for (SimNode node : nodes) {
            loop.after(random.nextInt(1000), () -> {
                if (node.index > 0) {
                    node.swim.join(List.of(nodes.get(0).address), loop.now());
                }
                node.tick();
            });
        }
    }

    /** Adds one node that joins through {@code seed} now; returns its index. */
    public int add(int seed) {
        SimNode node = new SimNode(nodes.size());
        nodes.add(node);
        node.swim.join(List.of(nodes.get(seed).address), loop.now());
        node.tick();
        return node.index;
    }

    public SimNode node(int i) {
        return nodes.get(i);
    }

    public int size() {
        return nodes.size();
    }

    public void kill(int i) {
        nodes.get(i).running = false;
        net.down(nodes.get(i).address);
    }

    public void leave(int i) {
        nodes.get(i).swim.leave(loop.now());
    }

    /** Node {@code i} starts again (a new incarnation, as a restarted node's clock gives it) and joins via {@code seed}. */
    public void restart(int i, int seed) {
        SimNode n = nodes.get(i);
        n.running = true;
        n.boot(loop.now() + 1_000_000);
        n.swim.join(List.of(nodes.get(seed).address), loop.now());
        n.tick();
    }

    /** Nodes {@code from} (inclusive) to {@code to} (exclusive) on side 1 of a partition, the rest on side 0. */
    public void partition(int from, int to) {
        for (SimNode n : nodes) {
            net.side(n.address, n.index >= from && n.index < to ? 1 : 0);
        }
    }

    public void heal() {
        partition(0, 0);
    }

    /** Whether every running node other than {@code of} sees {@code of} in {@code state}. */
    public boolean everyoneSees(int of, MemberState state) {
        SimNode target = nodes.get(of);
        for (SimNode n : nodes) {
            if (n != target && n.running && n.view(target) != state) {
                return false;
            }
        }
        return true;
    }

    /** Whether every running node sees every other running node alive, and nothing else alive. */
    public boolean allAlive() {
        int running = (int) nodes.stream().filter(n -> n.running).count();
        for (SimNode a : nodes) {
            if (a.running && a.swim.count(MemberState.ALIVE) != running - 1) {
                return false;
            }
        }
        for (SimNode b : nodes) { // the counts could match with a stopped node seen alive in place of a running one
            if (!b.running) {
                for (SimNode a : nodes) {
                    if (a.running && a.view(b) == MemberState.ALIVE) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    public long bytes() {
        return net.bytes();
    }
}
