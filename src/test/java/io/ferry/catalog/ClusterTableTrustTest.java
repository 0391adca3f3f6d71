package io.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Entries;
import io.ferry.testing.TestCa;
import io.ferry.testing.TestClock;
import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Merging entries whose facts are signed with certificates of a test CA: an entry counts only if its
 * node signed its address; inside it, a binding counts only if its publisher signed it and a holding
 * only if the node itself did. A relay passes facts on; it cannot forge or alter them.
 */
class ClusterTableTrustTest {
    private static final NodeId A = NodeId.of("a");
    private static final NodeId M = NodeId.of("m"); // a node with a certificate of its own, misbehaving
    private static final ManifestId V2 = ManifestId.parse("22".repeat(32));
    private static final ManifestId EVIL = ManifestId.parse("66".repeat(32));
    private static final ImageDigest SHA = new ImageDigest("aa".repeat(32));

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-26T00:00:00Z"));
    private final TestCa ca = new TestCa("cluster", clock);

    private ClusterTable table() throws Exception {
        return new ClusterTable(DriverManager.getConnection("jdbc:sqlite::memory:"), NodeId.of("self"), clock, ca.verifier());
    }

    private Catalog catalog() throws Exception {
        return new Catalog(dir.resolve("catalog.db"), dir.resolve("manifests"), new ZeroChunks(), NodeId.of("self"), clock,
                ca.verifier());
    }

    /** a's genuine entry at {@code version}: it publishes v2 and holds it whole. */
    private TableEntry genuineA(long version) {
        FactSigner a = ca.signer(A);
        return Entries.entry(a, "10.0.0.1:7421", version, List.of(Entries.binding(a, 5, "v2", V2, 100, SHA)),
                Entries.whole(V2, 10));
    }

    @Test
    void aSignedEntry_mergedAndRelayedAsReceived() throws Exception {
        ClusterTable t = table();
        TableEntry e = genuineA(7);
        assertThat(t.merge(e)).isTrue();
        TableEntry back = t.entries().get(0);
        List<SignedFact> sent = facts(e);
        List<SignedFact> kept = facts(back);
        assertThat(kept).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(kept.get(i)).usingRecursiveComparison().as("fact %d, byte for byte", i).isEqualTo(sent.get(i));
        }
        assertThat(KnownNode.of(back).images()).singleElement().satisfies(i -> {
            assertThat(i.publisher()).isEqualTo(A);
            assertThat(i.complete()).as("from a's own whole holding").isTrue();
        });
        t.close();
    }

    /** Attack 2: an entry in a's name at version 2^63-1 replaced a's cluster-wide, for good. */
    @Test
    void anEntryInAnotherNodesName_refused_theRealOneStays_andTheRealNodeStillUpdates() throws Exception {
        try (Catalog c = catalog()) {
            ClusterTable t = c.cluster();
            t.merge(genuineA(7));
            FactSigner forger = TestCa.signer(A, ca.issue(M)); // m's key and certificate, a's name
            TableEntry forged = Entries.entry(forger, "10.6.6.6:1", Long.MAX_VALUE, List.of(), Entries.whole(EVIL, 10));
            assertThat(t.merge(forged)).isFalse();
            TestCa outsider = new TestCa("elsewhere", clock); // a certificate for "a" from another CA
            assertThat(t.merge(Entries.entry(outsider.signer(A), "10.6.6.6:1", Long.MAX_VALUE, List.of(), List.of())))
                    .isFalse();
            assertThat(t.merge(Entries.entry(FactSigner.unsigned(A), "10.6.6.6:1", Long.MAX_VALUE, List.of(), List.of())))
                    .as("unsigned").isFalse();
            assertThat(KnownNode.of(t.entries().get(0)).address()).isEqualTo("10.0.0.1:7421");
        }
        try (Catalog again = catalog()) {
            assertThat(again.cluster().entries()).singleElement().satisfies(e -> assertThat(e.version()).isEqualTo(7));
            assertThat(again.cluster().merge(genuineA(8))).as("a outbids its own last entry").isTrue();
        }
    }

    @Test
    void alteredFacts_refused_anAlteredHeadRefusesTheEntry() throws Exception {
        ClusterTable t = table();
        TableEntry e = genuineA(7);
        SignedFact h = e.address();
        SignedFact newer = new SignedFact(h.origin(), h.kind(), h.version() + 1, h.payload(), h.signature(), h.certificate());
        assertThat(t.merge(new TableEntry(newer, e.bindings(), e.holdings()))).as("version raised, not re-signed").isFalse();
        SignedFact moved = new SignedFact(h.origin(), h.kind(), h.version(), NodeAddress.of("10.6.6.6:1").encode(),
                h.signature(), h.certificate());
        assertThat(t.merge(new TableEntry(moved, e.bindings(), e.holdings()))).as("address changed").isFalse();
        assertThat(t.entries()).isEmpty();
        t.close();
    }

    @Test
    void aRelayAddingOrAlteringFacts_theyAreDropped_theRestKept() throws Exception {
        ClusterTable t = table();
        TableEntry e = genuineA(7);
        SignedFact b = e.bindings().get(0);
        SignedFact altered = new SignedFact(b.origin(), b.kind(), b.version(),
                new ImageBinding("v2", EVIL, 100, SHA).encode(), b.signature(), b.certificate());
        SignedFact mine = ca.signer(M).sign(SegmentHolding.KIND, 7, Entries.whole(EVIL, 10).get(0).encode());
        SignedFact mBinding = Entries.binding(ca.signer(M), 9, "v2", EVIL, 100, SHA); // m's own, genuinely
        SignedFact forgedBinding = Entries.binding(TestCa.signer(A, ca.issue(M)), 9, "v3", EVIL, 100, SHA);
        List<SignedFact> bindings = new ArrayList<>(List.of(b, altered, mBinding, forgedBinding));
        List<SignedFact> holdings = new ArrayList<>(e.holdings());
        holdings.add(mine); // m's holding in a's entry
        holdings.add(e.bindings().get(0)); // a binding where a holding belongs
        assertThat(t.merge(new TableEntry(e.address(), bindings, holdings))).isTrue();
        TableEntry kept = t.entries().get(0);
        assertThat(kept.bindings()).extracting(SignedFact::origin).containsExactly(A, M);
        assertThat(kept.bindings().get(0).payload()).isEqualTo(b.payload());
        assertThat(kept.holdings()).hasSameSizeAs(e.holdings()).allMatch(f -> f.origin().equals(A));
        assertThat(KnownNode.of(kept).holding(EVIL)).isNull();
        t.close();
    }

    @Test
    void anExpiredCertificate_refused() throws Exception {
        ClusterTable t = table();
        TestCa.Issued shortLived = ca.issue(A, clock.instant().minus(Duration.ofDays(2)), clock.instant().minus(Duration.ofDays(1)));
        assertThat(t.merge(Entries.entry(TestCa.signer(A, shortLived), "10.0.0.1:1", 3, List.of(), List.of()))).isFalse();
        assertThat(t.entries()).isEmpty();
        t.close();
    }

    /** Attack 4: a signed address fact that is not host:port (a path, a query, a user) is refused. */
    @Test
    void aSignedAddressThatIsNotHostPort_refused() throws Exception {
        ClusterTable t = table();
        for (String bad : List.of("127.0.0.1:7421/v1/pick/x?", "127.0.0.1:7421#", "u@127.0.0.1:7421", "127.0.0.1")) {
            byte[] payload = new FactWriter().string(bad).toBytes();
            SignedFact head = ca.signer(M).sign(NodeAddress.KIND, 3, payload);
            assertThat(t.merge(new TableEntry(head, List.of(), List.of()))).as(bad).isFalse();
        }
        assertThat(t.entries()).isEmpty();
        t.close();
    }

    @Test
    void ofTwoHoldingsOfOneSegment_theNewerIsKept() throws Exception {
        ClusterTable t = table();
        FactSigner a = ca.signer(A);
        SignedFact old = a.sign(SegmentHolding.KIND, 3, Entries.some(V2, 10, RoaringBitmap.bitmapOf(1)).get(0).encode());
        SignedFact now = a.sign(SegmentHolding.KIND, 4, Entries.whole(V2, 10).get(0).encode());
        TableEntry e = new TableEntry(a.sign(NodeAddress.KIND, 5, NodeAddress.of("h:1").encode()), List.of(), List.of(now, old));
        t.merge(e);
        assertThat(KnownNode.of(t.entries().get(0)).holding(V2).whole()).isTrue();
        t.close();
    }

    @Test
    void droppedFacts_saidOncePerQuietPeriod() {
        DropLog log = new DropLog(clock);
        assertThat(log.dropped(M, A, "binding", "forged")).isTrue();
        assertThat(log.dropped(M, A, "binding", "forged")).isFalse();
        assertThat(log.dropped(M, A, "holding", "forged")).isTrue();
        clock.advance(Duration.ofMillis(DropLog.QUIET_MILLIS));
        assertThat(log.dropped(M, A, "binding", "forged")).isTrue();
    }

    private static List<SignedFact> facts(TableEntry e) {
        List<SignedFact> all = new ArrayList<>();
        all.add(e.address());
        all.addAll(e.bindings());
        all.addAll(e.holdings());
        return all;
    }

    @Test
    void aFactAlreadyHeld_isNotVerifiedAgain_butAnotherPayloadUnderItsSignatureIs() throws Exception {
        ClusterTable t = table();
        TableEntry e = genuineA(7);
        assertThat(t.merge(e)).isTrue();
        SignedFact held = e.holdings().get(0);
        // the same signature over another payload: what a relay would try to slip past the check it skips
        SignedFact forged = new SignedFact(held.origin(), held.kind(), 8, Entries.whole(EVIL, 10).get(0).encode(),
                held.signature(), held.certificate());
        SignedFact head = ca.signer(A).sign(io.ferry.catalog.NodeAddress.KIND, 8, e.address().payload());
        assertThat(t.merge(new TableEntry(head, e.bindings(), List.of(held, forged)))).isTrue();
        TableEntry back = t.entries().get(0);
        assertThat(back.holdings()).as("the genuine fact kept, the forged one dropped").singleElement()
                .satisfies(f -> assertThat(f.payload()).isEqualTo(held.payload()));
        t.close();
    }
}
