package io.ferry.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.catalog.Catalog;
import io.ferry.catalog.KnownNode;
import io.ferry.catalog.SegmentHolding;
import io.ferry.catalog.TableEntry;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.TestCa;
import io.ferry.testing.TestClock;
import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node says about itself: signed, its address checked, and re-signed only where it changed. */
class AdvertisementTest {
    private static final NodeId SELF = NodeId.of("self");
    private static final ManifestId M = ManifestId.parse("ab".repeat(32));

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-11-26T00:00:00Z"));
    private final TestCa ca = new TestCa("ca", clock);
    private final AtomicInteger signatures = new AtomicInteger();

    private Advertisement open(Catalog catalog) {
        FactSigner real = ca.signer(SELF);
        FactSigner counting = new FactSigner() {
            @Override
            public NodeId self() {
                return SELF;
            }

            @Override
            public SignedFact sign(String kind, long version, byte[] payload) {
                signatures.incrementAndGet();
                return real.sign(kind, version, payload);
            }
        };
        return new Advertisement(SELF, catalog, clock, counting);
    }

    private Catalog catalog() throws Exception {
        return new Catalog(dir.resolve("catalog.db"), dir.resolve("manifests"), new ZeroChunks(), SELF);
    }

    @Test
    void anAddressThatIsNotHostPort_refused_andNoEntryBeforeThereIsOne() throws Exception {
        try (Catalog c = catalog()) {
            Advertisement ad = open(c);
            assertThat(ad.entry()).isNull();
            assertThat(ad.state().address()).isNull();
            assertThatThrownBy(() -> ad.address("127.0.0.1:7421/v1/x")).isInstanceOf(IllegalArgumentException.class);
            ad.address("127.0.0.1:7421");
            assertThat(KnownNode.of(ad.entry()).address()).isEqualTo("127.0.0.1:7421");
        }
    }

    @Test
    void unchangedFacts_notSignedAgain_aChangedSegmentIs_andTheAddressCarriesTheNewVersion() throws Exception {
        try (Catalog c = catalog()) {
            Advertisement ad = open(c);
            ad.address("127.0.0.1:7421");
            ad.startDelivery(M, null, 140_000); // three segments
            TableEntry first = ad.entry();
            assertThat(first.holdings()).hasSize(3);
            int signed = signatures.get();
            TableEntry same = ad.entry();
            assertThat(signatures.get()).as("nothing changed, nothing signed").isEqualTo(signed);
            assertThat(same.address()).isSameAs(first.address());
            ad.held(M, 70_000);
            TableEntry next = ad.entry();
            assertThat(signatures.get()).as("the address and a gain on segment 1").isEqualTo(signed + 2);
            assertThat(next.version()).isGreaterThan(first.version());
            assertThat(next.holdings()).hasSize(4);
            assertThat(next.holdings().get(0)).isSameAs(first.holdings().get(0));
            assertThat(next.holdings().get(1)).as("segment 1's holding stays").isSameAs(first.holdings().get(1));
            assertThat(next.holdings().get(3)).isSameAs(first.holdings().get(2));
            SignedFact gain = next.holdings().get(2);
            assertThat(gain.kind()).isEqualTo(SegmentHolding.GAIN);
            assertThat(SegmentHolding.decode(gain.payload()).bits().toArray()).containsExactly(70_000 - 65_536);
            assertThat(ca.verifier().verify(gain).node()).isEqualTo(SELF);
            assertThat(io.ferry.catalog.KnownNode.of(next).holding(M).bits().contains(70_000)).as("read as held").isTrue();
            ad.endDelivery(M);
            assertThat(ad.entry().holdings()).isEmpty();
            assertThat(ad.state().holdings()).isEmpty();
        }
    }

    @Test
    void credentialsOfAnotherNode_refused() throws Exception {
        try (Catalog c = catalog()) {
            assertThatThrownBy(() -> new Advertisement(SELF, c, clock, ca.signer(NodeId.of("other"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
        }
    }

    /** A catalog of the previous layout has images with no binding fact: this node signs one, once. */
    @Test
    void anImageRecordedWithoutABinding_isBoundByThisNodeWhenFirstAdvertised() throws Exception {
        try (Catalog c = catalog()) { // creates the tables, then an image row as the old layout wrote it
        }
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("catalog.db"));
             java.sql.Statement s = db.createStatement()) {
            s.execute("INSERT INTO images (name, manifest_id, size, sha256, holding, imported_at) VALUES ('v1', '"
                    + M.hex() + "', 10, '" + "cd".repeat(32) + "', 'COPY', 7)");
        }
        try (Catalog c = catalog()) {
            Advertisement ad = open(c);
            ad.address("127.0.0.1:7421");
            SignedFact bound = ad.entry().bindings().get(0);
            assertThat(bound.origin()).isEqualTo(SELF);
            assertThat(ca.verifier().verify(bound).node()).isEqualTo(SELF);
            assertThat(c.require("v1").binding().signature()).isEqualTo(bound.signature());
            int signed = signatures.get();
            ad.entry();
            assertThat(signatures.get()).isEqualTo(signed);
        }
    }

    @Test
    void gainsPileUpToALimit_thenTheSegmentIsSignedWholeAgain_andALossIsSignedWholeAtOnce() throws Exception {
        try (Catalog c = catalog()) {
            Advertisement ad = open(c);
            ad.address("127.0.0.1:7421");
            ad.startDelivery(M, null, 100);
            ad.entry();
            for (int i = 0; i < 16; i++) {
                ad.held(M, i);
                ad.entry();
            }
            TableEntry gains = ad.entry();
            assertThat(gains.holdings()).hasSize(17).filteredOn(f -> f.kind().equals(SegmentHolding.GAIN)).hasSize(16);
            ad.held(M, 50);
            TableEntry whole = ad.entry();
            assertThat(whole.holdings()).as("the 17th change re-signs the holding").singleElement()
                    .satisfies(f -> assertThat(f.kind()).isEqualTo(SegmentHolding.KIND));
            assertThat(SegmentHolding.decode(whole.holdings().get(0).payload()).bits().getCardinality()).isEqualTo(17);
            ad.held(M, 60);
            assertThat(ad.entry().holdings()).hasSize(2);
            ad.endDelivery(M);
            assertThat(ad.entry().holdings()).isEmpty();
        }
    }
}
