package io.ferry.node;

import static io.ferry.testing.NodeViews.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.Cluster;
import io.ferry.testing.NodeProcess;
import io.ferry.testing.TestData;
import io.ferry.transfer.RemoteApi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes, each in its own network namespace on a bridge; one is cut off (its link taken down)
 * and the two sides declare each other dead; the cut-off node imports an image meanwhile; when the link
 * comes back the cluster is one view again, every node alive to every other and the image known to all.
 */
class PartitionTest {
    @TempDir
    Path tmp;
    private final String prefix = "fp" + ThreadLocalRandom.current().nextInt(10_000, 99_999) + "-";
    private final String net = "10.77." + ThreadLocalRandom.current().nextInt(1, 250) + ".";
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (NodeProcess n : nodes) {
            n.kill();
        }
        for (String ns : namespaces) {
            sh("ip", "netns", "del", ns);
        }
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    /** A host namespace on the hub's bridge, at {@code net}.{@code last}. */
    private String host(String name, int last) throws Exception {
        String ns = prefix + name;
        sh("ip", "netns", "add", ns);
        namespaces.add(ns);
        sh("ip", "-n", prefix + "hub", "link", "add", "v-" + name, "type", "veth", "peer", "name", "eth0", "netns", ns);
        sh("ip", "-n", prefix + "hub", "link", "set", "v-" + name, "master", "br0", "up");
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        sh("ip", "-n", ns, "addr", "add", net + last + "/24", "dev", "eth0");
        sh("ip", "-n", ns, "link", "set", "eth0", "up");
        return ns;
    }

    @Test
    void aCutOffNodeIsDeadToTheOthers_andOneViewReturnsWhenTheLinkDoes() throws Exception {
        sh("ip", "netns", "add", prefix + "hub");
        namespaces.add(prefix + "hub");
        sh("ip", "-n", prefix + "hub", "link", "add", "br0", "type", "bridge");
        sh("ip", "-n", prefix + "hub", "link", "set", "br0", "up");
        String[] names = {"a", "b", "x"};
        for (int i = 0; i < names.length; i++) {
            String ns = host(names[i], i + 2);
            List<String> join = i == 0 ? List.of() : List.of("--join", nodes.get(0).address());
            List<String> extra = new ArrayList<>(join);
            extra.addAll(List.of("--gossip-interval", "0.5"));
            nodes.add(NodeProcess.start(ns, net + (i + 2), tmp.resolve(names[i]), names[i], List.of(),
                    extra.toArray(String[]::new)));
        }
        NodeProcess a = nodes.get(0);
        NodeProcess b = nodes.get(1);
        NodeProcess x = nodes.get(2);
        Cluster.await("all alive", () -> "alive".equals(state(a, x)) && "alive".equals(state(x, a))
                && "alive".equals(state(x, b)) && "alive".equals(state(b, x)) && "alive".equals(state(a, b)));
        sh("ip", "-n", prefix + "hub", "link", "set", "v-x", "down");
        Cluster.await("each side declares the other dead", () -> "dead".equals(state(a, x)) && "dead".equals(state(b, x))
                && "dead".equals(state(x, a)) && "dead".equals(state(x, b)));
        assertThat(state(a, b)).isEqualTo("alive");
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 9, 1 << 20);
        assertThat(x.ferry("import", img.toString()).code()).isZero();
        sh("ip", "-n", prefix + "hub", "link", "set", "v-x", "up");
        Cluster.await("one view again", () -> "alive".equals(state(a, x)) && "alive".equals(state(b, x))
                && "alive".equals(state(x, a)) && "alive".equals(state(x, b)));
        Cluster.await("x's image known on the other side", () -> {
            try (RemoteApi api = RemoteApi.local(a.data().resolve("ferry.sock"))) {
                return io.ferry.testing.TableRows.relays(api, "x", "img");
            }
        });
    }
}
