package io.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.chunk.Sha256;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Entries;
import io.ferry.trust.FactSigner;
import io.ferry.trust.FactVerifier;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

class ClusterTableTest {
    private static final String SELF = "self";

    @TempDir
    Path dir;

    /** One (node, version) pair: what a node said at that version is fixed, so duplicates are equal. */
    record Said(String node, long version) {
    }

    /** The table entry {@code node} published at {@code version}: its content depends on both (unsigned facts). */
    static TableEntry entry(String node, long version) {
        FactSigner signer = FactSigner.unsigned(NodeId.of(node));
        List<SignedFact> bindings = new ArrayList<>();
        List<SegmentHolding> holdings = new ArrayList<>();
        for (int i = 0; i <= version % 3; i++) {
            ManifestId manifest = ManifestId.parse(id(node + "/" + version + "/" + i));
            bindings.add(Entries.binding(signer, version, "img-" + version + "-" + i, manifest, 1000L * version + i,
                    new ImageDigest(id("sha " + manifest))));
            int chunks = (int) version + 8;
            holdings.addAll(i == 0 ? Entries.whole(manifest, chunks)
                    : Entries.some(manifest, chunks, RoaringBitmap.bitmapOf(i, (int) version, (int) version + 7)));
        }
        return Entries.entry(signer, "10.0.0." + node.length() + ":" + (7000 + version), version, bindings, holdings);
    }

    private static String id(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new Sha256().digest(b, 0, b.length).toString();
    }

    /** Entries as what they say, so two tables compare by content. */
    static Map<String, KnownNode> view(List<TableEntry> entries) throws IOException {
        Map<String, KnownNode> out = new TreeMap<>();
        for (TableEntry e : entries) {
            out.put(e.node().value(), KnownNode.of(e));
        }
        return out;
    }

    private final io.ferry.testing.TestClock clock = new io.ferry.testing.TestClock(java.time.Instant.parse("2026-11-26T00:00:00Z"));

    private ClusterTable inMemory() throws Exception {
        return new ClusterTable(DriverManager.getConnection("jdbc:sqlite::memory:"), NodeId.of(SELF), clock, FactVerifier.open());
    }

    private Catalog open() throws IOException {
        return new Catalog(dir.resolve("catalog.db"), dir.resolve("manifests"), new ZeroChunks(), NodeId.of(SELF));
    }

    private static void mergeAll(ClusterTable table, List<Said> said) throws IOException {
        for (Said s : said) {
            table.merge(entry(s.node(), s.version()));
        }
    }

    @Provide
    Arbitrary<List<Said>> said() {
        Arbitrary<String> nodes = Arbitraries.of(SELF, "a", "bb", "ccc");
        Arbitrary<Long> versions = Arbitraries.longs().between(1, 12);
        return Combinators.combine(nodes, versions).as(Said::new).list().ofMaxSize(30);
    }

    @Property(tries = 150)
    void merge_anyOrder_endsWithTheHighestVersionOfEveryOtherNode(@ForAll("said") List<Said> said,
                                                                  @ForAll Random random) throws Exception {
        Map<String, Long> newest = new TreeMap<>();
        for (Said s : said) {
            if (!s.node().equals(SELF)) {
                newest.merge(s.node(), s.version(), Math::max);
            }
        }
        List<TableEntry> expected = new ArrayList<>();
        newest.forEach((node, version) -> expected.add(entry(node, version)));

        List<Said> shuffled = new ArrayList<>(said);
        Collections.shuffle(shuffled, random);
        ClusterTable inOrder = inMemory();
        ClusterTable permuted = inMemory();
        try {
            mergeAll(inOrder, said);
            mergeAll(permuted, shuffled);
            assertThat(view(inOrder.entries())).isEqualTo(view(expected));
            assertThat(view(permuted.entries())).isEqualTo(view(expected));
        } finally {
            inOrder.close();
            permuted.close();
        }
    }

    @Test
    void merge_sameEntryTwice_secondIsANoOpAndTheTableIsUnchanged() throws Exception {
        ClusterTable table = inMemory();
        assertThat(table.merge(entry("a", 4))).isTrue();
        Map<String, KnownNode> once = view(table.entries());
        assertThat(table.merge(entry("a", 4))).isFalse();
        assertThat(view(table.entries())).isEqualTo(once).isEqualTo(view(List.of(entry("a", 4))));
        table.close();
    }

    @Test
    void merge_olderVersion_neverReplacesTheNewer() throws Exception {
        ClusterTable table = inMemory();
        table.merge(entry("a", 5));
        assertThat(table.merge(entry("a", 3))).isFalse();
        TableEntry sameVersionOtherWords = Entries.entry(FactSigner.unsigned(NodeId.of("a")), "elsewhere:1", 5, List.of(),
                List.of());
        assertThat(table.merge(sameVersionOtherWords)).as("an equal version is not newer").isFalse();
        assertThat(view(table.entries())).isEqualTo(view(List.of(entry("a", 5))));
        table.close();
    }

    @Test
    void merge_newerVersion_replacesImagesAndHoldingsWholesale() throws Exception {
        ClusterTable table = inMemory();
        table.merge(entry("a", 5)); // three images and holdings
        assertThat(table.merge(entry("a", 6))).isTrue(); // one, under other manifests
        assertThat(table.entries()).singleElement().satisfies(e -> {
            assertThat(e.bindings()).hasSize(1);
            assertThat(e.holdings()).hasSize(1);
        });
        assertThat(view(table.entries())).isEqualTo(view(List.of(entry("a", 6))));
        table.close();
    }

    @Test
    void merge_entryAboutThisNodeItself_refusedAndNotStored() throws Exception {
        try (Catalog catalog = open()) {
            ClusterTable table = catalog.cluster();
            table.merge(entry("a", 2));
            assertThat(table.merge(entry(SELF, 1))).isFalse();
            assertThat(table.merge(Entries.entry(FactSigner.unsigned(NodeId.of(SELF)), "10.0.0.4:1", Long.MAX_VALUE,
                    List.of(), List.of()))).isFalse();
            assertThat(table.entries()).extracting(TableEntry::node).containsExactly(NodeId.of("a"));
            assertThat(table.lastSeen()).containsOnlyKeys(NodeId.of("a"));
        }
    }

    @Test
    void touch_knownNodeAtItsAddressMovesItsLastSeen_elsewhereOrUnknownNothing() throws Exception {
        ClusterTable table = inMemory();
        table.merge(entry("a", 1));
        long before = table.lastSeen().get(NodeId.of("a"));
        clock.advance(java.time.Duration.ofMillis(5));
        table.touch(NodeId.of("a"), "10.0.0.9:7001");
        assertThat(table.lastSeen().get(NodeId.of("a"))).as("another address does not speak for a").isEqualTo(before);
        table.touch(NodeId.of("a"), "10.0.0.1:7001");
        table.touch(NodeId.of("stranger"), "10.0.0.8:7001");
        assertThat(table.lastSeen()).containsOnlyKeys(NodeId.of("a"));
        assertThat(table.lastSeen().get(NodeId.of("a"))).isGreaterThan(before);
        table.close();
    }

    @Test
    void entriesAndVersions_surviveARestart() throws Exception {
        Map<String, KnownNode> before;
        Map<NodeId, Long> seen;
        try (Catalog catalog = open()) {
            catalog.cluster().merge(entry("a", 7));
            catalog.cluster().merge(entry("bb", 2));
            before = view(catalog.cluster().entries());
            seen = catalog.cluster().lastSeen();
        }
        try (Catalog again = open()) {
            ClusterTable table = again.cluster();
            assertThat(view(table.entries())).isEqualTo(before)
                    .isEqualTo(view(List.of(entry("a", 7), entry("bb", 2))));
            assertThat(table.lastSeen()).isEqualTo(seen);
            assertThat(table.merge(entry("a", 6))).as("the stored version still wins").isFalse();
            assertThat(table.merge(entry("bb", 3))).isTrue();
        }
    }
}
