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
import java.util.function.Consumer;

/**
 * SwimSim runs the real {@link Swim} of N nodes on a simulated clock and network: random latency, loss
 * per message, nodes that are killed (stop answering and ticking), leave, restart with a higher
 * incarnation, and partitions (two groups that cannot reach each other). Bytes are counted by the real
 * codec plus a fixed framing overhead per message.
 */
public final class SwimSim {
    public final EventLoop loop = new EventLoop();
    private final Random random;
    private final SwimConfig config;
    private final int maxLatency;
    double loss;
    final List<SimNode> nodes = new ArrayList<>();
    long bytes;
    /** Times a node that was alive was declared dead by some other node. */
    long falseDeaths;
    /** When some node first saw a member suspect, and first declared it dead (simulated ms; 0: not yet). */
    long firstSuspect;
    long firstDead;
    /** The side of a partition each node is on (all 0: none). */
    int[] side;

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
            swim = new Swim(id, address, incarnation, config, new Random(random.nextLong()), this::call);
            swim.listener(s -> {
                if (s.state() == MemberState.SUSPECT && firstSuspect == 0) {
                    firstSuspect = loop.now();
                }
                if (s.state() == MemberState.DEAD && firstDead == 0) {
                    firstDead = loop.now();
                }
                if (s.state() == MemberState.DEAD) {
                    SimNode other = nodes.get(SimAddress.index(s.address()));
                    if (other.running && side[other.index] == side[index]) {
                        falseDeaths++;
                    }
                }
            });
        }

        private void call(NodeId to, String at, SwimMessage m, Consumer<SwimMessage> onReply) {
            SimNode target = nodes.get(SimAddress.index(at));
            bytes += SwimCodec.encode(m).length + GossipSim.OVERHEAD;
            if (random.nextDouble() < loss || side[target.index] != side[index]) {
                return;
            }
            Swim from = swim;
            loop.after(1 + random.nextInt(maxLatency), () -> {
                if (!target.running) {
                    return;
                }
                target.swim.onRequest(loop.now(), id, m, reply -> {
                    bytes += SwimCodec.encode(reply).length + GossipSim.OVERHEAD;
                    if (random.nextDouble() >= loss && side[target.index] == side[index]) {
                        loop.after(1 + random.nextInt(maxLatency), () -> {
                            if (running && swim == from) {
                                onReply.accept(reply);
                            }
                        });
                    }
                });
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
        this.loss = loss;
        this.maxLatency = maxLatencyMillis;
    }


    /** Starts {@code n} nodes; each joins through node 0 at a random moment in the first second. */
    public void start(int n) {
        side = new int[n];
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

    public SimNode node(int i) {
        return nodes.get(i);
    }

    public void kill(int i) {
        nodes.get(i).running = false;
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

    /** Whether every running node sees every other running node alive. */
    public boolean allAlive() {
        for (SimNode a : nodes) {
            for (SimNode b : nodes) {
                if (a != b && a.running && b.running && a.view(b) != MemberState.ALIVE) {
                    return false;
                }
            }
        }
        return true;
    }

    public long bytes() {
        return bytes;
    }
}
