package io.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.chunk.Sha256;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Entries;
import io.ferry.testing.TestClock;
import io.ferry.trust.FactSigner;
import io.ferry.trust.FactVerifier;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/** The table's index answers {@code table} as the facts say, follows every merge and forget, and is rebuilt when missing. */
class TableIndexTest {
    private static final ManifestId V1 = manifest("v1");
    private static final ManifestId V2 = manifest("v2");
    private static final FactSigner A = FactSigner.unsigned(NodeId.of("a"));

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-27T00:00:00Z"));

    private static ManifestId manifest(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return ManifestId.parse(new Sha256().digest(b, 0, b.length).toString());
    }

    private ClusterTable open(Connection db) throws Exception {
        return new ClusterTable(db, NodeId.of("self"), clock, FactVerifier.open());
    }

    /** Node {@code node} at {@code version}: relays a's v1 and v2, holds v1 whole, and {@code v2held} chunks of v2's 40. */
    private static TableEntry entry(String node, long version, int v2held) {
        List<SignedFact> bindings = List.of(Entries.binding(A, 1, "v1", V1, 100, null), Entries.binding(A, 2, "v2", V2, 200, null));
        List<SegmentHolding> holdings = new ArrayList<>(Entries.whole(V1, 10));
        if (v2held > 0) {
            holdings.addAll(v2held == 40 ? Entries.whole(V2, 40) : Entries.some(V2, 40, RoaringBitmap.bitmapOfRange(0, v2held)));
        }
        return Entries.entry(FactSigner.unsigned(NodeId.of(node)), "10.0.0.1:" + (7000 + node.length()), version, bindings,
                holdings);
    }

    @Test
    void summaryAndHolders_followMergesAndForgets() throws Exception {
        ClusterTable t = open(DriverManager.getConnection("jdbc:sqlite::memory:"));
        t.merge(entry("a", 1, 40));
        t.merge(entry("bb", 1, 5));
        t.merge(entry("ccc", 1, 0));
        assertThat(t.images()).extracting(TableIndex.Image::name, TableIndex.Image::relays, TableIndex.Image::whole,
                TableIndex.Image::partial).containsExactly(
                org.assertj.core.groups.Tuple.tuple("v1", 3, 3, 0), org.assertj.core.groups.Tuple.tuple("v2", 3, 1, 1));
        assertThat(t.images().get(1).publishers()).containsExactly(NodeId.of("a"));
        assertThat(t.holders("v2", V2)).extracting(h -> h.node().value(), TableIndex.Holder::held, TableIndex.Holder::whole)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 40L, true), org.assertj.core.groups.Tuple.tuple("bb", 5L, false),
                        org.assertj.core.groups.Tuple.tuple("ccc", 0L, false));
        assertThat(t.bindings("v2")).hasSize(3).allMatch(f -> f.origin().equals(NodeId.of("a")));

        t.merge(entry("bb", 2, 40)); // bb's delivery finished
        assertThat(t.images().get(1).whole()).isEqualTo(2);
        t.forget(NodeId.of("a"));
        assertThat(t.images().get(1).whole()).as("a's facts are gone").isEqualTo(1);
        assertThat(t.holders("v2", V2)).extracting(h -> h.node().value()).containsExactly("bb", "ccc");
        assertThat(t.bindings("nothing")).isEmpty();
    }

    @Test
    void aTableMadeBeforeTheIndex_isIndexedWhenOpened() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("t.db");
        ClusterTable t = open(DriverManager.getConnection(url));
        t.merge(entry("a", 1, 40));
        t.merge(entry("bb", 1, 5));
        t.close();
        try (Connection db = DriverManager.getConnection(url); Statement s = db.createStatement()) {
            s.execute("DROP TABLE cluster_holds");
            s.execute("DROP TABLE cluster_names");
        }
        ClusterTable again = open(DriverManager.getConnection(url));
        assertThat(again.images()).extracting(TableIndex.Image::name, TableIndex.Image::whole, TableIndex.Image::partial)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v1", 2, 0), org.assertj.core.groups.Tuple.tuple("v2", 1, 1));
        again.close();
    }
}
