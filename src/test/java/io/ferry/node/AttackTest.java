package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.DeliveryResult;
import io.ferry.api.ImportRequest;
import io.ferry.catalog.ImageBinding;
import io.ferry.catalog.NodeAddress;
import io.ferry.catalog.SegmentHolding;
import io.ferry.catalog.TableEntry;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Cluster;
import io.ferry.testing.Cluster.Member;
import io.ferry.testing.Entries;
import io.ferry.testing.TestCa;
import io.ferry.testing.TestData;
import io.ferry.transfer.PeerClient;
import io.ferry.transfer.PeerException;
import io.ferry.transfer.TableSummary;
import io.ferry.transfer.Transport;
import io.ferry.trust.DenyList;
import io.ferry.trust.FactKeys;
import io.ferry.trust.FactSigner;
import io.ferry.trust.Identity;
import io.ferry.trust.NodeId;
import io.ferry.trust.Policy;
import io.ferry.trust.SignedFact;
import io.ferry.trust.Trust;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks found on the build before facts were signed, each as nodes in this JVM whose facts are
 * signed with certificates of a test CA: what outsiders and a misbehaving certified node ("m") say
 * about others must not change what a node fetches, where from, or whom it calls.
 */
class AttackTest {
    private static final NodeId A = NodeId.of("a");
    private static final NodeId M = NodeId.of("m");
    /** The name "v2" is node a's to publish; any other name is anyone's. */
    private static final Policy ONLY_A_PUBLISHES_V2 = new Policy() {
        @Override
        public Decision mayRead(Identity who, String image) {
            return new Decision(true, "everyone reads");
        }

        @Override
        public Decision mayPublish(Identity who, String name) {
            return new Decision(!name.equals("v2") || A.equals(who.node()), "v2 is published by node a only");
        }
    };

    @TempDir
    Path tmp;
    private final TestCa ca = new TestCa();
    private final Attacker attacker;
    private Cluster cluster;

    AttackTest() throws Exception {
        attacker = new Attacker();
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        attacker.close();
    }

    /** Nodes that sign with the test CA's certificates and decide names by {@code policy}. */
    private Cluster cluster(Policy policy) {
        cluster = new Cluster(tmp.resolve("nodes"), (c, host, port, serve) -> NodeDaemon.start(Node.open(
                new NodeConfig(c.dataDir(), c.cacheMax(), c.threads(), c.id(), c.networked(), c.address(), c.exchange(),
                        c.clock(), new Trust(null, policy, DenyList.none()), c.planning()),
                id -> new FactKeys(ca.signer(id), ca.verifier())), host, port, serve));
        return cluster;
    }

    private Path image(String name, long seed) throws Exception {
        return TestData.write(tmp.resolve(name), TestData.sparse(seed, 4 << 20));
    }

    private static ManifestId imported(Member m, Path file, String name) throws Exception {
        // with the whole-image SHA-256, so the forged bindings below carry one as the previous release's did
        return ManifestId.parse(m.api().importImage(new ImportRequest(file.toString(), name, false, null, null, true))
                .manifestId());
    }

    /** What node {@code n} itself says, as its table answers. */
    private static TableEntry own(Member n) throws Exception {
        TableSummary s = new PeerClient(new Transport(), Duration.ofSeconds(10)).table(n.address(), null);
        return s.entries().get(0);
    }

    /**
     * Attack 1: two forged entries named v2 as m's manifest; counted as votes they outweighed a's one,
     * and the node delivered m's bytes as v2 (exit 0) and then advertised them as v2.
     */
    @Test
    void forgedVotesForAnotherManifest_theNodeDeliversAndAdvertisesThePublishersImage() throws Exception {
        cluster(ONLY_A_PUBLISHES_V2);
        Path real = image("v2.raw", 1);
        Member a = cluster.start("a", List.of());
        ManifestId realId = imported(a, real, "v2");
        Member m = cluster.start("m", List.of()); // certified, but the policy does not let it publish v2
        ManifestId evilId = imported(m, image("evil.raw", 2), "v2");
        long size = 4 << 20;
        ImageDigest sha = new ImageDigest(m.api().images().get(0).sha256());
        FactSigner inAsName = TestCa.signer(A, ca.issue(M));
        SignedFact forged = Entries.binding(inAsName, Long.MAX_VALUE / 2, "v2", evilId, size, sha);
        List<TableEntry> votes = new ArrayList<>();
        for (String x : List.of("x1", "x2")) { // nodes with no certificate: m's key in their names
            votes.add(Entries.entry(TestCa.signer(NodeId.of(x), ca.issue(M)), m.address(), 9, List.of(forged),
                    Entries.whole(evilId, m.api().inspect("v2", false).chunks())));
        }
        attacker.serve(votes);
        Member c = cluster.start("c", List.of(a.address(), m.address(), attacker.address()));
        Path out = tmp.resolve("c.img");
        DeliveryResult r = c.api().get("v2", out.toString());
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(real));
        assertThat(r.bytesFetchedByPeer()).doesNotContainKey("m");
        assertThat(c.api().images()).singleElement().satisfies(i -> assertThat(i.manifestId()).isEqualTo(realId.hex()));
        TableEntry said = own(c);
        assertThat(said.bindings()).singleElement().satisfies(b -> {
            assertThat(b.origin()).as("a's binding, relayed unchanged").isEqualTo(A);
            assertThat(ImageBinding.decode(b.payload()).manifestId()).isEqualTo(realId);
        });
        assertThat(said.holdings()).singleElement().satisfies(h -> {
            SegmentHolding held = SegmentHolding.decode(h.payload());
            assertThat(held.manifestId()).isEqualTo(realId);
            assertThat(held.whole()).isTrue();
        });
    }

    /**
     * Attack 2: an entry in a's name at version 2^63-1 replaced a's real entry cluster-wide, survived
     * restarts, and a could never outbid it.
     */
    @Test
    void anEntryInAnotherNodesName_neverReplacesItsOwn_evenAcrossARestart() throws Exception {
        cluster(Policy.open());
        Member a = cluster.start("a", List.of());
        imported(a, image("v1.raw", 3), "v1");
        Member c = cluster.start("c", List.of(a.address()));
        Cluster.await("c knows a holds v1", () -> holds(c, "a", "v1"));
        PeerClient push = new PeerClient(new Transport(), Duration.ofSeconds(10));
        for (FactSigner forger : List.of(TestCa.signer(A, ca.issue(M)), FactSigner.unsigned(A), new TestCa().signer(A))) {
            push.table(c.address(), Entries.entry(forger, attacker.address(), Long.MAX_VALUE, List.of(), List.of()));
        }
        assertThat(c.api().peers()).filteredOn(p -> "a".equals(p.node())).singleElement()
                .satisfies(p -> assertThat(p.address()).isEqualTo(a.address()));
        cluster.stop(c);
        Member again = cluster.start("c", List.of(a.address()));
        imported(a, image("v3.raw", 4), "v3");
        Cluster.await("c, restarted, learns a's next entry", () -> holds(again, "a", "v3"));
        assertThat(attacker.requests).as("nobody was sent to the forged address").isEmpty();
    }

    /**
     * Attack 3: 64 forged holders at a dead port filled the 64-peer cap of a delivery ("9913 of 11513
     * chunks not available"). Forged ones are not holders; certified ones at a dead port are each
     * dropped, and none crowds out the real holder.
     */
    @Test
    void manyHoldersAtADeadPort_theDeliveryStillComesFromTheRealHolder() throws Exception {
        cluster(Policy.open());
        Path real = image("v2.raw", 5);
        Member a = cluster.start("a", List.of());
        ManifestId id = imported(a, real, "v2");
        int chunks = a.api().inspect("v2", false).chunks();
        String dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = "127.0.0.1:" + s.getLocalPort();
        }
        List<TableEntry> holders = new ArrayList<>();
        for (int i = 0; i < 64; i++) { // ids that sort before "a": they were taken first
            NodeId x = NodeId.of(String.format("0x%02d", i));
            holders.add(Entries.entry(TestCa.signer(x, ca.issue(M)), dead, 9, List.of(), Entries.whole(id, chunks)));
        }
        for (int i = 0; i < 70; i++) { // certified, but at a dead port
            NodeId y = NodeId.of(String.format("0y%02d", i));
            holders.add(Entries.entry(ca.signer(y), dead, 9, List.of(), Entries.whole(id, chunks)));
        }
        attacker.serve(holders);
        Member c = cluster.start("c", List.of(attacker.address(), a.address()));
        Path out = tmp.resolve("c.img");
        DeliveryResult r = c.api().get("v2", out.toString());
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(real));
        assertThat(r.bytesFetchedByPeer()).containsOnlyKeys("a");
        assertThat(c.api().peers()).noneMatch(p -> p.node() != null && p.node().startsWith("0x"));
    }

    /**
     * Attack 4: the address field was pasted into URLs, so a peer chose the path and query of requests
     * other nodes made (SSRF). An address is host:port, a fact its node signs, checked before it is
     * stored or used.
     */
    @Test
    void anAddressThatIsNotHostPort_isNeverStoredNorCalled() throws Exception {
        cluster(Policy.open());
        List<TableEntry> entries = new ArrayList<>();
        String at = attacker.address();
        List<String> bad = List.of(at + "/v1/secret?x=", at + "/v1/secret#", "user@" + at, at + "?q=1");
        for (int i = 0; i < bad.size(); i++) { // each signed by its own node: the node is certified, its address is not
            FactSigner n = ca.signer(NodeId.of("m" + i));
            entries.add(new TableEntry(n.sign(NodeAddress.KIND, 9, text(bad.get(i))), List.of(), List.of()));
        }
        attacker.serve(entries);
        Member c = cluster.start("c", List.of(at));
        long before = attacker.pulls();
        Cluster.await("c pulled the attacker's table twice more", () -> attacker.pulls() >= before + 2);
        assertThat(attacker.requests).allMatch(r -> r.equals("GET /v1/table") || r.equals("POST /v1/table")
                || r.equals("POST /v1/gossip") || r.equals("POST /v1/swim"));
        assertThat(c.api().peers()).noneMatch(p -> p.node() != null && p.node().startsWith("m"));
    }

    @Test
    void aPeerCallToAnAddressThatIsNotHostPort_refusedBeforeAnythingIsSent() {
        PeerClient client = new PeerClient(new Transport(), Duration.ofSeconds(10));
        String at = attacker.address() + "/v1/secret?x=";
        assertThatThrownBy(() -> client.table(at, null)).isInstanceOf(PeerException.class)
                .hasMessageContaining("not a HOST:PORT address");
        assertThatThrownBy(() -> client.manifest(at, ManifestId.parse("ab".repeat(32)), List.of()))
                .isInstanceOf(PeerException.class);
        assertThatThrownBy(() -> client.chunk(at, io.ferry.chunk.ChunkId.of(new byte[32]), 1)).isInstanceOf(PeerException.class);
        assertThat(attacker.requests).isEmpty();
    }

    /** An address payload as the codec lays it out, whatever the text. */
    private static byte[] text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static boolean holds(Member on, String node, String image) throws Exception {
        return io.ferry.testing.TableRows.complete(on.api(), node, image);
    }
}
