package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.FerryProcess;
import io.ferry.testing.NodeProcess;
import io.ferry.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code ferry node} processes on loopback, for what only a real process shows: a node killed
 * mid-delivery, a second process on a data directory in use, every verb through the CLI's
 * {@code --node}. Most delivery cases run inside one JVM in {@link DeliveryTest}.
 */
class NodeIntegrationTest {
    @TempDir
    Path tmp;
    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws Exception {
        List<Thread> stopping = new ArrayList<>();
        for (NodeProcess n : nodes) {
            Thread t = new Thread(() -> {
                try {
                    n.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            t.join();
        }
    }

    /** How many chunks of the image it is still receiving {@code n} says it holds, from its own table. */
    static long arriving(NodeProcess n) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + n.address() + "/v1/table")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode self = new ObjectMapper().readTree(r.body()).get("entries").get(0);
        long held = 0;
        for (JsonNode f : self.get("holdings")) {
            io.ferry.catalog.SegmentHolding h = io.ferry.catalog.SegmentHolding.decode(f.get("payload").binaryValue());
            if (!h.whole()) {
                held += h.bits().getLongCardinality();
            }
        }
        return held;
    }

    NodeProcess node(String id, List<String> peers, String... extra) throws Exception {
        NodeProcess n = NodeProcess.start(tmp.resolve(id), id, peers, extra);
        nodes.add(n);
        return n;
    }

    static JsonNode ok(FerryProcess.Exit e) throws Exception {
        assertThat(e.code()).as("exit code; stderr: %s", e.err()).isZero();
        String out = e.out().strip();
        return out.startsWith("{") || out.startsWith("[") ? new ObjectMapper().readTree(out) : null;
    }

    /** Random data with zero runs: a small disk image. */
    Path image(String name, long seed, int mib) throws Exception {
        return TestData.write(tmp.resolve(name), TestData.sparse(seed, mib << 20));
    }

    @Test
    void peerKilledMidDelivery_restComesFromTheOtherHolder() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 4, 48 << 20);
        NodeProcess a = node("a", List.of(), "--upload-limit", "8M");
        NodeProcess b = node("b", List.of(), "--upload-limit", "8M");
        NodeProcess c = node("c", List.of(a.address(), b.address()));
        ok(a.ferry("import", img.toString()));
        ok(b.ferry("import", img.toString()));
        Path out = tmp.resolve("c.img");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<FerryProcess.Exit> get = pool.submit(() -> c.ferry("get", "img", "-o", out.toString(), "--json"));
            // at 8 MB/s from each peer the image takes ~3 s: kill a once c holds a few MiB of it
            io.ferry.testing.Cluster.await("c holds 200 chunks", () -> get.isDone() || arriving(c) >= 200);
            a.kill();
            JsonNode r = ok(get.get());
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(img));
            assertThat(r.get("bytes_fetched_by_peer").path("a").asLong()).as("a sent before it died").isPositive();
            assertThat(r.get("bytes_fetched_by_peer").path("b").asLong()).isGreaterThan(16L << 20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dataDirectoryInUse_secondNodeRefused_cliUsesTheSocket() throws Exception {
        NodeProcess a = node("a", List.of());
        FerryProcess.Exit second = FerryProcess.ferry("--data", a.data().toString(), "node", "--listen", "127.0.0.1:0");
        assertThat(second.code()).isEqualTo(1);
        assertThat(second.err().strip()).contains("is in use by another ferry process")
                .contains(a.data().resolve("ferry.sock").toString());
        FerryProcess.Exit cli = FerryProcess.ferry("--data", a.data().toString(), "ls", "--json");
        assertThat(cli.code()).as(cli.err()).isZero();
        FerryProcess.Exit named = FerryProcess.ferry("--node", "unix:" + a.data().resolve("ferry.sock"), "ls", "--json");
        assertThat(named.code()).as(named.err()).isZero();
    }

    @Test
    void everyVerbWorksAgainstANode() throws Exception {
        Path v1 = image("v1.raw", 9, 4);
        NodeProcess a = node("a", List.of());
        assertThat(ok(a.ferry("import", v1.toString(), "--json")).get("name").asText()).isEqualTo("v1");
        assertThat(ok(a.ferry("ls", "--json")).get(0).get("name").asText()).isEqualTo("v1");
        assertThat(ok(a.ferry("inspect", "v1", "--json")).get("size").asLong()).isEqualTo(4 << 20);
        assertThat(ok(a.ferry("diff", "v1", "v1", "--json")).get("unique_bytes").asLong()).isZero();
        assertThat(a.ferry("verify").out()).contains("ok");
        assertThat(ok(a.ferry("table", "--image", "v1", "--chunks", "--json")).get("chunks").get(0).has("holders")).isTrue();
        assertThat(a.ferry("peers").code()).isZero();
        NodeProcess b = node("b", List.of(a.address()));
        Path out = tmp.resolve("b.img");
        assertThat(ok(b.ferry("get", "v1", "-o", out.toString(), "--json")).get("bytes_fetched_by_peer").has("a")).isTrue();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(v1));
        assertThat(a.ferry("rm", "v1").code()).isZero();
        assertThat(a.ferry("gc").code()).isZero();
        FerryProcess.Exit bad = a.ferry("inspect", "v1");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip()).contains("unknown image 'v1'");
    }
}
