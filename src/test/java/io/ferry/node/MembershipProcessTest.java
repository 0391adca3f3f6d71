package io.ferry.node;

import static io.ferry.testing.NodeViews.knows;
import static io.ferry.testing.NodeViews.peers;
import static io.ferry.testing.NodeViews.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.Cluster;
import io.ferry.testing.NodeProcess;
import io.ferry.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight real node processes on loopback, each joining through the first: they all learn each other, an
 * import is known everywhere, a node killed with SIGKILL is dead everywhere, one stopped with SIGTERM is
 * left everywhere, and the killed one rejoins when it starts again. The same convergence in poll mode.
 * Times are printed (what docs/benchmarks.md quotes); the assertions wait for events, not for times.
 */
class MembershipProcessTest {
    @TempDir
    Path tmp;
    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (NodeProcess n : nodes) {
            n.kill();
        }
    }

    private List<NodeProcess> start(int count, String... extra) throws Exception {
        List<NodeProcess> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> join = new ArrayList<>(List.of(extra));
            join.add("--gossip-interval");
            join.add("0.5");
            if (i > 0) {
                join.add("--join");
                join.add(out.get(0).address());
            }
            NodeProcess n = NodeProcess.start(tmp.resolve("n" + i), "n" + i, List.of(), join.toArray(String[]::new));
            nodes.add(n);
            out.add(n);
        }
        return out;
    }

    /** Whether every node in {@code on} but {@code of} sees {@code of} in {@code state}. */
    private static boolean everyone(List<NodeProcess> on, NodeProcess of, String state) throws Exception {
        for (NodeProcess n : on) {
            if (n != of && !state.equals(state(n, of))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void gossip_convergesDetectsAKillHearsALeaveAndTakesARejoin() throws Exception {
        List<NodeProcess> all = start(8);
        long t = System.nanoTime();
        Cluster.await("every node sees the seven others alive", () -> {
            for (NodeProcess n : all) {
                if (peers(n).stream().filter(p -> "alive".equals(p.state())).count() < 7) {
                    return false;
                }
            }
            return true;
        });
        report("all joined", t);
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 3, 2 << 20);
        assertThat(all.get(3).ferry("import", img.toString()).code()).isZero();
        t = System.nanoTime();
        Cluster.await("the import is known everywhere", () -> {
            for (NodeProcess n : all) {
                if (!knows(n, "n3", "img")) {
                    return false;
                }
            }
            return true;
        });
        report("import known everywhere", t);
        NodeProcess killed = all.get(5);
        killed.kill();
        t = System.nanoTime();
        List<NodeProcess> rest = new ArrayList<>(all);
        rest.remove(killed);
        Cluster.await("n5 is dead everywhere", () -> everyone(rest, killed, "dead"));
        report("kill -9 to dead everywhere", t);
        NodeProcess leaving = all.get(6);
        leaving.close();
        t = System.nanoTime();
        rest.remove(leaving);
        Cluster.await("n6 left, as everyone heard", () -> everyone(rest, leaving, "left"));
        report("SIGTERM to left everywhere", t);
        NodeProcess back = NodeProcess.start(killed.data(), "n5", List.of(), "--join", all.get(0).address(),
                "--gossip-interval", "0.5");
        nodes.add(back);
        t = System.nanoTime();
        Cluster.await("n5 alive again everywhere", () -> everyone(rest, back, "alive"));
        report("restart to alive everywhere", t);
    }

    @Test
    void poll_convergesToo() throws Exception {
        List<NodeProcess> all = start(4, "--exchange", "poll");
        Cluster.await("every node sees the three others alive", () -> {
            for (NodeProcess n : all) {
                if (peers(n).stream().filter(p -> "alive".equals(p.state())).count() < 3) {
                    return false;
                }
            }
            return true;
        });
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 4, 2 << 20);
        assertThat(all.get(2).ferry("import", img.toString()).code()).isZero();
        long t = System.nanoTime();
        Cluster.await("the import is known everywhere", () -> {
            for (NodeProcess n : all) {
                if (!knows(n, "n2", "img")) {
                    return false;
                }
            }
            return true;
        });
        report("poll: import known everywhere", t);
    }

    private static void report(String what, long since) {
        System.out.printf("membership figure: %s in %.1f s%n", what, (System.nanoTime() - since) / 1e9);
    }
}
