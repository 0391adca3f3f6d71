package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.ImportRequest;
import io.ferry.testing.Cluster;
import io.ferry.testing.Cluster.Member;
import io.ferry.testing.TestData;
import io.ferry.transfer.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gossip between nodes in one JVM: a holding dropped at its origin (the image removed) disappears from
 * every table, a delivery's progress reaches the others as gains, and malformed gossip and membership
 * messages are refused with 400 while the node goes on answering.
 */
class GossipConvergenceTest {
    @TempDir
    Path tmp;
    private Cluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new Cluster(tmp.resolve("nodes"));
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private static boolean knows(Member on, String holder, String image) throws Exception {
        return io.ferry.testing.TableRows.relays(on.api(), holder, image);
    }

    @Test
    void aRemovedImage_disappearsFromEveryTable_andADeliveredOneAppearsInEvery() throws Exception {
        Member a = cluster.start("a", List.of());
        Member b = cluster.start("b", List.of(a.address()));
        Member c = cluster.start("c", List.of(a.address()));
        Path img = TestData.write(tmp.resolve("img.raw"), TestData.sparse(3, 4 << 20));
        a.api().importImage(new ImportRequest(img.toString(), null, false, null, null));
        Cluster.await("b and c know a holds img", () -> knows(b, "a", "img") && knows(c, "a", "img"));
        b.api().get("img", tmp.resolve("b.img").toString());
        Cluster.await("c hears that b holds img now", () -> knows(c, "b", "img"));
        a.api().remove("img");
        Cluster.await("a's holding is gone from b's and c's tables", () -> !knows(b, "a", "img") && !knows(c, "a", "img"));
        assertThat(knows(c, "b", "img")).as("b's is not").isTrue();
    }

    @Test
    void malformedMessages_areRefused_andTheNodeGoesOn() throws Exception {
        Member a = cluster.start("a", List.of());
        Member b = cluster.start("b", List.of(a.address()));
        Transport t = new Transport();
        for (String path : List.of("/v1/gossip", "/v1/swim")) {
            for (byte[] body : List.of(new byte[0], new byte[] {9, 9, 9}, new byte[] {4, 0, 0, 0, 99})) {
                try (Transport.Response r = t.post(a.address(), path, "application/octet-stream", body, Duration.ofSeconds(30))) {
                    assertThat(r.status()).as(path).isEqualTo(400);
                }
            }
        }
        Cluster.await("a and b still gossip", () -> a.api().peers().stream().anyMatch(p -> "b".equals(p.node())
                && "alive".equals(p.state())));
    }
}
