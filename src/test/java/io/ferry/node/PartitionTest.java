package io.ferry.node;

import static io.ferry.testing.NodeViews.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.Cluster;
import io.ferry.testing.Netns;
import io.ferry.testing.NodeProcess;
import io.ferry.testing.TestData;
import io.ferry.transfer.RemoteApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Netns net;

    @AfterEach
    void cleanUp() throws Exception {
        for (NodeProcess n : nodes) {
            n.kill();
        }
        if (net != null) {
            net.close();
        }
    }

    @Test
    void aCutOffNodeIsDeadToTheOthers_andOneViewReturnsWhenTheLinkDoes() throws Exception {
        net = Netns.hub("fp");
        String[] names = {"a", "b", "x"};
        for (int i = 0; i < names.length; i++) {
            Netns.Host host = net.host(names[i]);
            List<String> join = i == 0 ? List.of() : List.of("--join", nodes.get(0).address());
            List<String> extra = new ArrayList<>(join);
            extra.addAll(List.of("--gossip-interval", "0.5"));
            nodes.add(NodeProcess.start(host.ns(), host.ip(), tmp.resolve(names[i]), names[i], List.of(),
                    extra.toArray(String[]::new)));
        }
        NodeProcess a = nodes.get(0);
        NodeProcess b = nodes.get(1);
        NodeProcess x = nodes.get(2);
        Cluster.await("all alive", () -> "alive".equals(state(a, x)) && "alive".equals(state(x, a))
                && "alive".equals(state(x, b)) && "alive".equals(state(b, x)) && "alive".equals(state(a, b)));
        net.link("x", false);
        Cluster.await("each side declares the other dead", () -> "dead".equals(state(a, x)) && "dead".equals(state(b, x))
                && "dead".equals(state(x, a)) && "dead".equals(state(x, b)));
        assertThat(state(a, b)).isEqualTo("alive");
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 9, 1 << 20);
        assertThat(x.ferry("import", img.toString()).code()).isZero();
        net.link("x", true);
        Cluster.await("one view again", () -> "alive".equals(state(a, x)) && "alive".equals(state(b, x))
                && "alive".equals(state(x, a)) && "alive".equals(state(x, b)));
        Cluster.await("x's image known on the other side", () -> {
            try (RemoteApi api = RemoteApi.local(a.data().resolve("ferry.sock"))) {
                return io.ferry.testing.TableRows.relays(api, "x", "img");
            }
        });
    }
}
