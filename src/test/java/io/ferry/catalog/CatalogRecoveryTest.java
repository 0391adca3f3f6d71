package io.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ChunkSink;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.ChunkingPipeline;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.TestData;
import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog rebuilt from the image records: lost, truncated, garbled, a lost write, the old layout, and what cannot be rebuilt. */
class CatalogRecoveryTest {
    @TempDir
    Path dir;

    private final ZeroChunks zeros = new ZeroChunks();

    private Catalog open() throws IOException {
        return new Catalog(db(), dir.resolve("manifests"), zeros, NodeId.of("self"));
    }

    private Path db() {
        return dir.resolve("catalog.db");
    }

    private Manifest manifest(String name, long seed) throws IOException {
        byte[] data = TestData.sparse(seed, 200_000);
        ChunkerParams p = ChunkerParams.fastCdc(4096);
        try (ChunkingPipeline pipeline = new ChunkingPipeline(p, 2, zeros)) {
            ChunkingPipeline.Scan s = pipeline.scan(Channels.newChannel(new ByteArrayInputStream(data)), ChunkSink.NONE, n -> { });
            return new Manifest(name, data.length, ImageDigest.of(s.digest().bytes()), p, s.chunks());
        }
    }

    /** Two images, one seed and one copy, recorded and the catalog closed. */
    private void twoImages() throws IOException {
        try (Catalog c = open()) {
            Manifest a = manifest("a", 1);
            Manifest b = manifest("b", 2);
            c.put(ImageRecord.Holding.SEED, a, dir.resolve("a.img"), 200_000, 77, bound(c, a));
            c.put(ImageRecord.Holding.COPY, b, null, 0, 0, bound(c, b));
        }
    }

    private static io.ferry.trust.SignedFact bound(Catalog c, Manifest m) {
        return FactSigner.unsigned(NodeId.of("self")).sign(ImageBinding.KIND, 1, c.bindingOf(m).encode());
    }

    private Path[] damagedCopies() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("catalog.db.damaged-")).toArray(Path[]::new);
        }
    }

    @Test
    void open_catalogDeleted_rebuiltFromTheRecords() throws Exception {
        twoImages();
        Files.delete(db());
        try (Catalog c = open()) {
            assertThat(c.images()).extracting(ImageRecord::name).containsExactly("a", "b");
            ImageRecord a = c.require("a");
            assertThat(a.seedFile()).isEqualTo(dir.resolve("a.img"));
            assertThat(a.seedMtimeMillis()).isEqualTo(77);
            assertThat(a.binding()).isNotNull();
            assertThat(c.manifest(a).name()).isEqualTo("a");
            c.requireAgreement();
        }
    }

    @Test
    void open_catalogTruncatedToHalf_keptAsideAndRebuilt() throws Exception {
        twoImages();
        long size = Files.size(db());
        try (FileChannel ch = FileChannel.open(db(), StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }
        try (Catalog c = open()) {
            assertThat(c.images()).extracting(ImageRecord::name).containsExactly("a", "b");
        }
        assertThat(damagedCopies()).hasSize(1);
        assertThat(Files.size(damagedCopies()[0])).isEqualTo(size / 2);
    }

    @Test
    void open_catalogOverwrittenWithGarbage_keptAsideAndRebuilt() throws Exception {
        twoImages();
        Files.write(db(), TestData.random(5, 8192));
        try (Catalog c = open()) {
            assertThat(c.images()).extracting(ImageRecord::name).containsExactly("a", "b");
        }
        assertThat(damagedCopies()).hasSize(1);
    }

    @Test
    void open_rowLostButRecordKept_rowRestored() throws Exception {
        twoImages();
        // what a lost WAL does: the database lacks a row the record holds
        try (Catalog c = open()) {
            c.remove(c.require("b"));
        }
        ImageRecords records = new ImageRecords(dir.resolve("images"));
        try (Catalog c = open()) {
            assertThat(c.images()).extracting(ImageRecord::name).containsExactly("a");
        }
        Files.write(records.file("b"), ImageRecordFormat.encode(new ImageRecord("b", manifestIdOf("a"), 1, "00".repeat(32),
                ImageRecord.Holding.COPY, null, 0, 0, 1, null)));
        try (Catalog c = open()) {
            assertThat(c.images()).extracting(ImageRecord::name).containsExactly("a", "b");
            assertThat(c.require("b").manifestId()).isEqualTo(manifestIdOf("a"));
        }
    }

    private ManifestId manifestIdOf(String name) throws IOException {
        return new ImageRecords(dir.resolve("images")).scan().records().get(name).manifestId();
    }

    @Test
    void open_catalogOfTheLayoutBeforeRecords_recordsWritten() throws Exception {
        twoImages();
        try (Stream<Path> s = Files.list(dir.resolve("images"))) {
            for (Path f : s.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir.resolve("images"));
        try (Catalog c = open()) {
            c.requireAgreement();
        }
        assertThat(new ImageRecords(dir.resolve("images")).scan().records()).containsOnlyKeys("a", "b");
        Files.delete(db());
        try (Catalog c = open()) {
            assertThat(c.images()).extracting(ImageRecord::name).containsExactly("a", "b");
        }
    }

    @Test
    void open_damagedRecordWithItsRow_writtenAgainFromTheRow() throws Exception {
        twoImages();
        Path record = dir.resolve("images").resolve("a.image");
        Files.writeString(record, "garbage");
        try (Catalog c = open()) {
            c.requireAgreement();
        }
        assertThat(new ImageRecords(dir.resolve("images")).scan().records()).containsOnlyKeys("a", "b");
        try (Stream<Path> s = Files.list(dir.resolve("images"))) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("a.image.damaged-"));
        }
    }

    @Test
    void open_catalogLostAndAManifestGone_refusesInOneLineAndMovesNothing() throws Exception {
        twoImages();
        ManifestId b = manifestIdOf("b");
        Files.delete(dir.resolve("manifests").resolve(b + ".fmf"));
        Files.write(db(), TestData.random(6, 8192));
        byte[] before = Files.readAllBytes(db());

        assertThatThrownBy(this::open).isInstanceOf(CatalogDamageException.class)
                .hasMessageContaining("cannot rebuild the catalog of " + dir)
                .hasMessageContaining("image 'b' needs manifest " + b)
                .hasMessageNotContaining("\n");
        assertThat(Files.readAllBytes(db())).isEqualTo(before);
        assertThat(damagedCopies()).isEmpty();
        assertThat(new ImageRecords(dir.resolve("images")).scan().records()).containsOnlyKeys("a", "b");
    }

    @Test
    void open_catalogLostAndARecordDamaged_refuses() throws Exception {
        twoImages();
        Files.delete(db());
        Files.writeString(dir.resolve("images").resolve("a.image"), "garbage");
        assertThatThrownBy(this::open).isInstanceOf(CatalogDamageException.class)
                .hasMessageContaining("image record " + dir.resolve("images").resolve("a.image") + " is damaged")
                .hasMessageContaining("the catalog has no row for that image");
    }

    @Test
    void requireAgreement_recordDeletedWhileOpen_refuses() throws Exception {
        twoImages();
        try (Catalog c = open()) {
            Files.delete(dir.resolve("images").resolve("a.image"));
            assertThatThrownBy(c::requireAgreement).isInstanceOf(CatalogDamageException.class)
                    .hasMessageContaining("lists 2 image(s) but " + dir.resolve("images") + " records 1");
        }
    }

    @Test
    void open_newDirectory_noRecordsAndNoWarning() throws Exception {
        try (Catalog c = open()) {
            assertThat(c.images()).isEmpty();
            c.requireAgreement();
        }
        assertThat(damagedCopies()).isEmpty();
    }

    /** The cluster table is a cache of what peers said: a garbled one is kept aside and the node opens with an empty one. */
    @Test
    void aGarbledClusterTable_isKeptAside_andTheCatalogOpensWithItsImages() throws Exception {
        twoImages();
        Files.write(dir.resolve("cluster.db"), "not a database, not even close: ".repeat(200).getBytes(),
                StandardOpenOption.TRUNCATE_EXISTING);
        try (Catalog c = open()) {
            assertThat(c.images()).hasSize(2);
            assertThat(c.cluster().images()).isEmpty();
            c.cluster().merge(io.ferry.testing.Entries.entry(FactSigner.unsigned(NodeId.of("peer")), "10.0.0.2:7420", 1,
                    java.util.List.of(), java.util.List.of()));
            assertThat(c.cluster().versions()).containsKey(NodeId.of("peer"));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("cluster.db.damaged-")).count()).isEqualTo(1);
        }
    }
}
