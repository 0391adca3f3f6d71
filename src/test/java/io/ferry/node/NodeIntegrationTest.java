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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real `ferry node` processes on loopback delivering images to each other. */
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
        for (JsonNode h : self.get("holdings")) {
            if (!h.get("whole").asBoolean()) {
                held += io.ferry.catalog.Bitmaps.fromBytes(h.get("bitmap").binaryValue()).getLongCardinality();
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
    void importOnA_getOnC_byteIdenticalAndCachedAndAdvertised() throws Exception {
        Path img = image("img.raw", 1, 8);
        NodeProcess a = node("a", List.of());
        NodeProcess b = node("b", List.of(a.address()));
        NodeProcess c = node("c", List.of(a.address(), b.address()));
        ok(a.ferry("import", img.toString()));
        Path out = tmp.resolve("c.img");
        JsonNode r = ok(c.ferry("get", "img", "-o", out.toString(), "--json"));
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(img));
        assertThat(r.get("bytes_fetched").asLong()).isPositive();
        assertThat(r.get("bytes_fetched_by_peer").has("a")).isTrue();
        assertThat(r.get("bytes_zero").asLong() + r.get("bytes_local").asLong() + r.get("bytes_from_peers").asLong())
                .isEqualTo(8 << 20);
        // c now holds the image: b can get it from c alone once a is gone
        a.close();
        Thread.sleep(1500);
        Path fromC = tmp.resolve("b.img");
        JsonNode rb = ok(b.ferry("get", "img", "-o", fromC.toString(), "--json"));
        assertThat(Files.readAllBytes(fromC)).isEqualTo(Files.readAllBytes(img));
        assertThat(rb.get("bytes_fetched_by_peer").has("c")).isTrue();
        JsonNode table = ok(b.ferry("table", "--json"));
        assertThat(table.get("images").toString()).contains("\"node\":\"c\"").contains("\"image\":\"img\"");
        assertThat(ok(b.ferry("peers", "--json")).toString()).contains(c.address());
    }

    @Test
    void bHoldsHalf_cFetchesFromBoth() throws Exception {
        byte[] full = TestData.random(2, 8 << 20);
        Path img = TestData.write(tmp.resolve("img.raw"), full);
        byte[] half = full.clone();
        System.arraycopy(TestData.random(3, 4 << 20), 0, half, 4 << 20, 4 << 20);
        Path other = TestData.write(tmp.resolve("other.raw"), half);
        NodeProcess a = node("a", List.of());
        NodeProcess b = node("b", List.of());
        NodeProcess c = node("c", List.of(a.address(), b.address()));
        ok(a.ferry("import", img.toString()));
        ok(b.ferry("import", other.toString()));
        Path out = tmp.resolve("c.img");
        JsonNode r = ok(c.ferry("get", "img", "-o", out.toString(), "--json"));
        assertThat(Files.readAllBytes(out)).isEqualTo(full);
        assertThat(r.get("bytes_fetched_by_peer").path("a").asLong()).isPositive();
        assertThat(r.get("bytes_fetched_by_peer").path("b").asLong()).isPositive();
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
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (arriving(c) < 200 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
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
    void lyingPeer_detectedAndTheImageIsStillRight() throws Exception {
        Path img = image("img.raw", 5, 8);
        NodeProcess a = node("a", List.of());
        ok(a.ferry("import", img.toString()));
        byte[] manifest;
        try (Stream<Path> s = Files.list(a.data().resolve("manifests"))) {
            manifest = Files.readAllBytes(s.filter(p -> p.toString().endsWith(".fmf")).findFirst().orElseThrow());
        }
        try (LyingPeer liar = new LyingPeer(manifest)) {
            NodeProcess c = node("c", List.of(liar.address(), a.address()));
            Path out = tmp.resolve("c.img");
            JsonNode r = ok(c.ferry("get", "img", "-o", out.toString(), "--json"));
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(img));
            assertThat(liar.chunkRequests.get()).as("the liar was asked for chunks").isPositive();
            assertThat(r.get("bytes_fetched_by_peer").path("a").asLong()).isPositive();
            // nothing the liar sent reached the cache
            ok(c.ferry("verify"));
        }
    }

    @Test
    void unknownImage_clearErrorAndNoFile() throws Exception {
        NodeProcess a = node("a", List.of());
        NodeProcess c = node("c", List.of(a.address()));
        Path out = tmp.resolve("x.img");
        FerryProcess.Exit e = c.ferry("get", "nope", "-o", out.toString());
        assertThat(e.code()).isEqualTo(1);
        assertThat(e.err().strip()).isEqualTo("ferry: unknown image 'nope' (ferry ls lists the images)");
        assertThat(out).doesNotExist();
    }

    @Test
    void noHolderLeft_failsClearlyWithNoFileAtThePath() throws Exception {
        Path img = image("img.raw", 6, 4);
        NodeProcess a = node("a", List.of());
        NodeProcess c = node("c", List.of(a.address()));
        ok(a.ferry("import", img.toString()));
        Thread.sleep(1200); // c learns of the image
        ok(c.ferry("table", "--json"));
        a.kill();
        Path out = tmp.resolve("c.img");
        FerryProcess.Exit e = c.ferry("get", "img", "-o", out.toString());
        assertThat(e.code()).isEqualTo(1);
        assertThat(e.err().lines().count()).isEqualTo(1);
        assertThat(e.err()).startsWith("ferry: ");
        assertThat(out).doesNotExist();
    }

    @Test
    void dataDirectoryInUse_secondNodeAndCliRefused() throws Exception {
        NodeProcess a = node("a", List.of());
        FerryProcess.Exit second = FerryProcess.ferry("--data", a.data().toString(), "node", "--listen", "127.0.0.1:0");
        assertThat(second.code()).isEqualTo(1);
        assertThat(second.err().strip()).contains("is in use by another ferry process").contains("--node " + a.address());
        FerryProcess.Exit cli = FerryProcess.ferry("--data", a.data().toString(), "ls");
        assertThat(cli.code()).isEqualTo(1);
        assertThat(cli.err().lines().count()).isEqualTo(1);
    }

    @Test
    void threeNodesDeliverTheSameImageAtOnceFromOneSeed() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 8, 24 << 20);
        NodeProcess seed = node("seed", List.of());
        ok(seed.ferry("import", img.toString()));
        NodeProcess b = node("b", List.of(seed.address()));
        NodeProcess c = node("c", List.of(seed.address(), b.address()));
        NodeProcess d = node("d", List.of(seed.address(), b.address(), c.address()));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<FerryProcess.Exit>> runs = new ArrayList<>();
            for (NodeProcess n : List.of(b, c, d)) {
                Path out = tmp.resolve(n.id() + ".img");
                runs.add(pool.submit(() -> n.ferry("get", "img", "-o", out.toString(), "--json")));
            }
            for (Future<FerryProcess.Exit> f : runs) {
                ok(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        byte[] want = Files.readAllBytes(img);
        for (NodeProcess n : List.of(b, c, d)) {
            assertThat(Files.readAllBytes(tmp.resolve(n.id() + ".img"))).as("image on %s", n.id()).isEqualTo(want);
        }
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
        assertThat(ok(a.ferry("table", "--image", "v1", "--json")).get("chunks").get(0).has("holders")).isTrue();
        assertThat(a.ferry("peers").code()).isZero();
        assertThat(a.ferry("rm", "v1").code()).isZero();
        assertThat(a.ferry("gc").code()).isZero();
        FerryProcess.Exit bad = a.ferry("inspect", "v1");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip()).contains("unknown image 'v1'");
    }
}
