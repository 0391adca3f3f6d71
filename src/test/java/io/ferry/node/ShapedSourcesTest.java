package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.Cluster;
import io.ferry.testing.FerryProcess;
import io.ferry.testing.Netns;
import io.ferry.testing.NodeProcess;
import io.ferry.testing.TableRows;
import io.ferry.testing.TestData;
import io.ferry.transfer.RemoteApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Netns net;

    @BeforeEach
    void hub() throws Exception {
        net = Netns.hub("fs");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (NodeProcess n : nodes) {
            n.kill();
        }
        net.close();
    }

    /** A node in a namespace of its own on the hub, its upload limited to {@code rate} (tc's words; null: none). */
    private NodeProcess node(String name, String rate, String... args) throws Exception {
        Netns.Host host = net.host(name);
        if (rate != null) {
            Netns.sh("ip", "netns", "exec", host.ns(), "tc", "qdisc", "add", "dev", "eth0", "root", "tbf", "rate", rate,
                    "burst", "64kb", "latency", "50ms");
        }
        NodeProcess n = NodeProcess.start(host.ns(), host.ip(), tmp.resolve(name), name, List.of(), args);
        nodes.add(n);
        return n;
    }

    private long sent(NodeProcess n) throws Exception {
        return Long.parseLong(Netns.sh("ip", "netns", "exec", net.ns(n.id()), "cat", "/sys/class/net/eth0/statistics/tx_bytes").strip());
    }

    /** {@code ferry get img} on {@code client}'s node, in a process of its own, its result as JSON on stdout. */
    private Process startGet(NodeProcess client, Path out) throws IOException {
        return FerryProcess.builder("io.ferry.cli.Main", "--data", client.data().toString(), "get", "img", "-o", out.toString(),
                "--json").redirectError(tmp.resolve(client.id() + ".get.err").toFile()).start();
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
        Map<String, Double> mbit = new java.util.HashMap<>();
        for (JsonNode p : r.get("peers")) {
            mbit.put(p.get("node").asText(), p.get("mbit_per_s").asDouble());
        }
        // tc's bucket lets 64 KB through at once after every idle gap, so a peer asked for little, in short
        // requests with gaps between them, shows up to a third more than its rate (256 KiB requests)
        assertThat(mbit.get("fast")).as("measured rate of fast").isLessThan(44);
        assertThat(mbit.get("slow")).as("measured rate of slow").isLessThan(4 * 1.5);
        assertThat(mbit.get("fast") / mbit.get("slow")).as("fast against slow, 10 times on the links").isGreaterThan(5);
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
        long before = sent(seed);
        List<Process> gets = new ArrayList<>();
        for (NodeProcess n : List.of(b1, b2)) {
            gets.add(startGet(n, tmp.resolve(n.id() + ".raw")));
        }
        List<JsonNode> results = new ArrayList<>();
        for (Process g : gets) {
            String out = new String(g.getInputStream().readAllBytes());
            assertThat(g.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(g.exitValue()).isZero();
            results.add(new ObjectMapper().readTree(out));
        }
        long crossed = sent(seed) - before;
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
        long before = sent(a);
        Process get = startGet(client, tmp.resolve("out.raw"));
        Cluster.await("a has sent a quarter of the image", () -> sent(a) - before > 4L * MIB);
        a.kill();
        String out = new String(get.getInputStream().readAllBytes());
        assertThat(get.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(get.exitValue()).as(Files.readString(tmp.resolve("client.get.err"))).isZero();
        assertThat(Files.mismatch(img, tmp.resolve("out.raw"))).isEqualTo(-1);
        JsonNode r = new ObjectMapper().readTree(out);
        assertThat(r.get("chunks_reassigned").asInt()).as("a's remaining chunks went to b").isPositive();
        assertThat(share(r, "b")).isGreaterThan(0.5);
    }
}
