package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.Cluster;
import io.ferry.testing.FerryProcess;
import io.ferry.testing.NodeProcess;
import io.ferry.testing.TableRows;
import io.ferry.testing.TestData;
import io.ferry.transfer.RemoteApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Choosing sources over real shaped links: every node a real process in its own network namespace, each
 * peer's upload limited by tc (a token bucket on its interface). The shares follow the links whether the
 * rates are configured or only measured, and a peer killed mid-delivery loses its work to the others.
 */
class ShapedSourcesTest {
    private static final int MIB = 1 << 20;
    @TempDir
    Path tmp;
    private final String prefix = "fs" + ThreadLocalRandom.current().nextInt(10_000, 99_999) + "-";
    private final String net = "10.78." + ThreadLocalRandom.current().nextInt(1, 250) + ".";
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private int last = 1;

    @BeforeEach
    void hub() throws Exception {
        sh("ip", "netns", "add", prefix + "hub");
        namespaces.add(prefix + "hub");
        sh("ip", "-n", prefix + "hub", "link", "add", "br0", "type", "bridge");
        sh("ip", "-n", prefix + "hub", "link", "set", "br0", "up");
    }

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

    /** A node in a namespace of its own on the hub, its upload limited to {@code rate} (tc's words; null: none). */
    private NodeProcess node(String name, String rate, String... args) throws Exception {
        String ns = prefix + name;
        String ip = net + (++last);
        sh("ip", "netns", "add", ns);
        namespaces.add(ns);
        sh("ip", "-n", prefix + "hub", "link", "add", "v-" + name, "type", "veth", "peer", "name", "eth0", "netns", ns);
        sh("ip", "-n", prefix + "hub", "link", "set", "v-" + name, "master", "br0", "up");
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        sh("ip", "-n", ns, "addr", "add", ip + "/24", "dev", "eth0");
        sh("ip", "-n", ns, "link", "set", "eth0", "up");
        if (rate != null) {
            sh("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "eth0", "root", "tbf", "rate", rate, "burst", "64kb",
                    "latency", "50ms");
        }
        NodeProcess n = NodeProcess.start(ns, ip, tmp.resolve(name), name, List.of(), args);
        nodes.add(n);
        return n;
    }

    private long sent(String name) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", prefix + name, "cat", "/sys/class/net/eth0/statistics/tx_bytes")
                .start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        return Long.parseLong(out);
    }

    /** Peers holding one random (incompressible) image, and a client that knows them all. */
    private NodeProcess setUp(Path img, List<NodeProcess> peers, List<String> specs) throws Exception {
        for (NodeProcess p : peers) {
            assertThat(p.ferry("import", img.toString(), "--name", "img").code()).isZero();
        }
        List<String> args = new ArrayList<>();
        for (String s : specs) {
            args.add("--peer");
            args.add(s);
        }
        NodeProcess client = node("client", null, args.toArray(String[]::new));
        Cluster.await("the client knows every peer holds the image", () -> {
            try (RemoteApi api = RemoteApi.local(client.data().resolve("ferry.sock"))) {
                for (NodeProcess p : peers) {
                    if (!TableRows.complete(api, p.id(), "img")) {
                        return false;
                    }
                }
                return true;
            }
        });
        return client;
    }

    private static JsonNode get(NodeProcess client, Path out) throws Exception {
        FerryProcess.Exit e = client.ferry("get", "img", "-o", out.toString(), "--json");
        assertThat(e.code()).as(e.err()).isZero();
        return new ObjectMapper().readTree(e.out());
    }

    private static double share(JsonNode r, String peer) {
        return r.get("bytes_fetched_by_peer").path(peer).asLong() / (double) r.get("bytes_fetched").asLong();
    }

    @Test
    void aPeerTenTimesSlowerGetsCorrespondinglyLess_measuredOnly() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 3, 12L * MIB);
        NodeProcess fast = node("fast", "40mbit");
        NodeProcess slow = node("slow", "4mbit");
        // nothing configured: the schedule starts from equal rates and follows what it measures
        NodeProcess client = setUp(img, List.of(fast, slow), List.of(fast.address(), slow.address()));
        JsonNode r = get(client, tmp.resolve("out.raw"));
        assertThat(Files.mismatch(img, tmp.resolve("out.raw"))).isEqualTo(-1);
        // its fair share is 1/11 (9%); the first requests, before any rate is known, are split evenly
        assertThat(share(r, "slow")).isLessThan(0.25);
        assertThat(share(r, "fast")).isGreaterThan(0.75);
        assertThat(r.get("peers")).hasSize(2);
        for (JsonNode p : r.get("peers")) {
            double mbit = p.get("mbit_per_s").asDouble();
            assertThat(mbit).as("measured rate of %s", p.get("node")).isLessThan(p.get("node").asText().equals("fast") ? 44 : 4.4);
        }
    }

    @Test
    void configuredRatesShapeTheFirstSchedule_andThePlanVerbShowsIt() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 4, 12L * MIB);
        NodeProcess fast = node("fast", "40mbit");
        NodeProcess slow = node("slow", "4mbit");
        NodeProcess client = setUp(img, List.of(fast, slow),
                List.of(fast.address() + ",bw=40mbit", slow.address() + ",bw=4mbit,priority=normal"));
        FerryProcess.Exit plan = client.ferry("plan", "img", "--json");
        assertThat(plan.code()).as(plan.err()).isZero();
        JsonNode p = new ObjectMapper().readTree(plan.out());
        long planned = 0;
        long slowBytes = 0;
        for (JsonNode peer : p.get("peers")) {
            planned += peer.get("bytes").asLong();
            if (peer.get("node").asText().equals("slow")) {
                slowBytes = peer.get("bytes").asLong();
                assertThat(peer.get("reason").asText()).contains("4 Mbit/s configured");
            }
        }
        assertThat(planned).isEqualTo(p.get("bytes_missing").asLong());
        assertThat(slowBytes / (double) planned).isBetween(0.05, 0.13);
        JsonNode r = get(client, tmp.resolve("out.raw"));
        assertThat(share(r, "slow")).isLessThan(0.2);
        // the history is kept: a second plan names the deliveries measured
        FerryProcess.Exit again = client.ferry("plan", "img");
        assertThat(again.code()).isZero(); // the image is here now: nothing is missing
    }

    /**
     * Two nodes of site dc2 deliver at once from a seed in site dc1 behind a 20 Mbit/s link: they see each
     * other's delivery in the table, deal the chunks out, and each brings its part across once, so the
     * seed sends about one copy, not two. Sites come from the nodes' certificates.
     */
    @Test
    void twoNodesOfASiteBringEachChunkAcrossOnce() throws Exception {
        Path certs = tmp.resolve("certs");
        assertThat(FerryProcess.ferry("ca", "init", certs.resolve("ca").toString()).code()).isZero();
        for (String[] n : new String[][] {{"seed", "dc1"}, {"b1", "dc2"}, {"b2", "dc2"}}) {
            FerryProcess.Exit e = FerryProcess.ferry("ca", "issue", certs.resolve("ca").toString(), "--node", n[0], "--site", n[1],
                    "-o", certs.resolve(n[0]).toString());
            assertThat(e.code()).as(e.err()).isZero();
        }
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 6, 16L * MIB);
        NodeProcess seed = node("seed", "20mbit", "--tls", certs.resolve("seed").toString());
        assertThat(seed.ferry("import", img.toString(), "--name", "img").code()).isZero();
        NodeProcess b1 = node("b1", null, "--tls", certs.resolve("b1").toString(), "--peer", seed.address());
        NodeProcess b2 = node("b2", null, "--tls", certs.resolve("b2").toString(), "--peer", seed.address(),
                "--peer", b1.address());
        for (NodeProcess n : List.of(b1, b2)) {
            Cluster.await(n.id() + " knows the seed holds the image", () -> {
                try (RemoteApi api = RemoteApi.local(n.data().resolve("ferry.sock"))) {
                    return TableRows.complete(api, "seed", "img");
                }
            });
        }
        long before = sent("seed");
        List<Process> gets = new ArrayList<>();
        for (NodeProcess n : List.of(b1, b2)) {
            gets.add(FerryProcess.builder("io.ferry.cli.Main", "--data", n.data().toString(), "get", "img", "-o",
                    tmp.resolve(n.id() + ".raw").toString(), "--json").redirectError(tmp.resolve(n.id() + ".err").toFile()).start());
        }
        List<JsonNode> results = new ArrayList<>();
        for (Process g : gets) {
            String out = new String(g.getInputStream().readAllBytes());
            assertThat(g.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(g.exitValue()).isZero();
            results.add(new ObjectMapper().readTree(out));
        }
        long crossed = sent("seed") - before;
        assertThat(Files.mismatch(img, tmp.resolve("b1.raw"))).isEqualTo(-1);
        assertThat(Files.mismatch(img, tmp.resolve("b2.raw"))).isEqualTo(-1);
        // two copies without sharing; about one with it (the first second, before each sees the other, is not shared)
        assertThat(crossed).as("bytes the seed sent").isLessThan((long) (1.35 * 16 * MIB));
        assertThat(results.get(0).get("bytes_fetched_by_peer").path("b2").asLong()).isPositive();
        assertThat(results.get(1).get("bytes_fetched_by_peer").path("b1").asLong()).isPositive();
    }

    @Test
    void aPeerKilledMidDeliveryLosesItsWorkToTheOthers() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 5, 16L * MIB);
        NodeProcess a = node("a", "20mbit");
        NodeProcess b = node("b", "20mbit");
        NodeProcess client = setUp(img, List.of(a, b), List.of(a.address(), b.address()));
        long before = sent("a");
        ProcessBuilder pb = FerryProcess.builder("io.ferry.cli.Main", "--data", client.data().toString(), "get", "img",
                "-o", tmp.resolve("out.raw").toString(), "--json");
        Process get = pb.redirectError(tmp.resolve("get.err").toFile()).start();
        Cluster.await("a has sent a quarter of the image", () -> sent("a") - before > 4L * MIB);
        a.kill();
        String out = new String(get.getInputStream().readAllBytes());
        assertThat(get.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(get.exitValue()).as(Files.readString(tmp.resolve("get.err"))).isZero();
        assertThat(Files.mismatch(img, tmp.resolve("out.raw"))).isEqualTo(-1);
        JsonNode r = new ObjectMapper().readTree(out);
        assertThat(r.get("chunks_reassigned").asInt()).as("a's remaining chunks went to b").isPositive();
        assertThat(share(r, "b")).isGreaterThan(0.5);
    }
}
