package io.ferry.node;

import static io.ferry.testing.NodeViews.knows;
import static io.ferry.testing.NodeViews.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.Cluster;
import io.ferry.testing.NodeProcess;
import io.ferry.testing.RedisServer;
import io.ferry.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Central mode with real processes and a real redis-server: an import is known everywhere, a node killed
 * with SIGKILL is dead once its lease runs out, one stopped with SIGTERM has left at once, and after Redis
 * restarts (empty) the nodes publish again, so an import made then still reaches everyone. Times printed.
 */
class CentralModeTest {
    @TempDir
    Path tmp;
    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (NodeProcess n : nodes) {
            n.kill();
        }
    }

    private static boolean everyoneKnows(List<NodeProcess> on, String holder, String image) throws Exception {
        for (NodeProcess n : on) {
            if (!knows(n, holder, image)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void nodesMeetThroughRedis_leasesRunOut_leavesAreHeard_andARestartedRedisIsRefilled() throws Exception {
        try (RedisServer redis = RedisServer.start(tmp)) {
            for (int i = 0; i < 4; i++) {
                nodes.add(NodeProcess.start(tmp.resolve("n" + i), "n" + i, List.of(), "--exchange", "central",
                        "--redis", redis.uri()));
            }
            Path img = TestData.writeRandom(tmp.resolve("img.raw"), 5, 1 << 20);
            assertThat(nodes.get(1).ferry("import", img.toString()).code()).isZero();
            long t = System.nanoTime();
            Cluster.await("the import is known everywhere", () -> everyoneKnows(nodes, "n1", "img"));
            report("import known everywhere", t);
            NodeProcess killed = nodes.get(2);
            killed.kill();
            t = System.nanoTime();
            Cluster.await("n2's lease ran out", () -> "dead".equals(state(nodes.get(0), killed))
                    && "dead".equals(state(nodes.get(3), killed)));
            report("kill -9 to dead (lease 15 s)", t);
            NodeProcess leaving = nodes.get(3);
            leaving.close();
            t = System.nanoTime();
            Cluster.await("n3 left", () -> "left".equals(state(nodes.get(0), leaving)));
            report("SIGTERM to left", t);
            redis.restart();
            Path two = TestData.writeRandom(tmp.resolve("two.raw"), 6, 1 << 20);
            assertThat(nodes.get(0).ferry("import", two.toString()).code()).isZero();
            t = System.nanoTime();
            Cluster.await("after Redis restarted, the new import is known", () -> knows(nodes.get(1), "n0", "two")
                    && "alive".equals(state(nodes.get(1), nodes.get(0))));
            report("Redis restarted: new import known", t);
        }
    }

    private static void report(String what, long since) {
        System.out.printf("central figure: %s in %.1f s%n", what, (System.nanoTime() - since) / 1e9);
    }
}
