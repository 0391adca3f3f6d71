package io.ferry.catalog;

import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ChunkSink;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.ChunkingPipeline;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestCodec;
import io.ferry.manifest.ManifestFormatException;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    @TempDir
    Path dir;

    private final ZeroChunks zeros = new ZeroChunks();
    private Catalog catalog;

    @BeforeEach
    void open() throws IOException {
        catalog = reopen();
    }

    @AfterEach
    void close() throws IOException {
        catalog.close();
    }

    private Catalog reopen() throws IOException {
        return new Catalog(dir.resolve("catalog.db"), manifests(), zeros, NodeId.of("self"));
    }

    private Path manifests() {
        return dir.resolve("manifests");
    }

    /** The manifest of {@code size} seeded random bytes, cut by the real chunker. */
    private Manifest manifest(String name, long seed, int size) throws IOException {
        byte[] data = TestData.sparse(seed, size);
        ChunkerParams p = ChunkerParams.fastCdc(4096);
        try (ChunkingPipeline pipeline = new ChunkingPipeline(p, 2, zeros)) {
            ChunkingPipeline.Scan s = pipeline.scan(Channels.newChannel(new ByteArrayInputStream(data)),
                    ChunkSink.NONE, n -> { });
            return new Manifest(name, data.length, ImageDigest.of(s.digest().bytes()), p, s.chunks());
        }
    }

    private byte[] encoded(long seed) throws IOException {
        return new io.ferry.manifest.ManifestCodec(new io.ferry.chunk.ZeroChunks()).encode(manifest("m" + seed, seed, 200_000));
    }

    private static ManifestId idOf(byte[] encoded) {
        return ManifestCodec.id(encoded);
    }

    private ManifestId putCopy(Manifest m) throws IOException {
        return catalog.put(ImageRecord.Holding.COPY, m, null, 0, 0, bound(m));
    }

    /** This node's binding of {@code m}, as an import signs it (unsigned: plaintext mode). */
    private SignedFact bound(Manifest m) {
        return FactSigner.unsigned(NodeId.of("self")).sign(ImageBinding.KIND, 1, catalog.bindingOf(m).encode());
    }

    @Test
    void put_seedAndCopy_readBackByNameInNameOrderWithTheirManifests() throws Exception {
        Manifest seed = manifest("zeta", 1, 300_000);
        Manifest copy = manifest("alpha", 2, 150_000);
        Path seedFile = dir.resolve("zeta.img");
        long before = System.currentTimeMillis();
        SignedFact binding = bound(seed);
        ManifestId seedId = catalog.put(ImageRecord.Holding.SEED, seed, seedFile, 300_000, 1234, binding);
        ManifestId copyId = putCopy(copy);

        assertThat(seedId).isEqualTo(idOf(new io.ferry.manifest.ManifestCodec(new io.ferry.chunk.ZeroChunks()).encode(seed)));
        ImageRecord r = catalog.require("zeta");
        assertThat(r).usingRecursiveComparison().isEqualTo(new ImageRecord("zeta", seedId, seed.size(), seed.digest().toString(),
                ImageRecord.Holding.SEED, seedFile, 300_000, 1234, r.importedAtMillis(), binding));
        assertThat(r.importedAtMillis()).isBetween(before, System.currentTimeMillis());
        assertThat(catalog.require("alpha").seedFile()).isNull();
        assertThat(catalog.require("alpha").holding()).isEqualTo(ImageRecord.Holding.COPY);
        assertThat(catalog.images()).extracting(ImageRecord::name).containsExactly("alpha", "zeta");
        assertThat(catalog.manifest(r)).isEqualTo(seed);
        assertThat(catalog.manifest(catalog.require("alpha"))).isEqualTo(copy);
        assertThat(catalog.manifestPath(copyId)).isRegularFile();
    }

    @Test
    void put_sameNameAgain_replacesTheRecord() throws Exception {
        putCopy(manifest("img", 3, 100_000));
        Manifest newer = manifest("img", 4, 120_000);
        ManifestId id = putCopy(newer);
        assertThat(catalog.images()).singleElement().satisfies(r -> {
            assertThat(r.manifestId()).isEqualTo(id);
            assertThat(r.size()).isEqualTo(newer.size());
        });
    }

    @Test
    void remove_forgetsTheImageButKeepsItsManifestFile() throws Exception {
        ManifestId id = putCopy(manifest("gone", 6, 100_000));
        putCopy(manifest("kept", 7, 100_000));
        catalog.remove(catalog.require("gone"));
        assertThat(catalog.image("gone")).isEmpty();
        assertThatThrownBy(() -> catalog.require("gone")).isInstanceOf(UnknownImageException.class)
                .hasMessageContaining("'gone'");
        assertThat(catalog.images()).extracting(ImageRecord::name).containsExactly("kept");
        assertThat(catalog.hasManifest(id)).isTrue();
    }

    @Test
    void imagesAndManifests_surviveARestart() throws Exception {
        Manifest m = manifest("img", 8, 250_000);
        ManifestId id = catalog.put(ImageRecord.Holding.SEED, m, dir.resolve("img.raw"), 250_000, 99, bound(m));
        ImageRecord before = catalog.require("img");
        catalog.close();
        catalog = reopen();
        assertThat(catalog.require("img")).usingRecursiveComparison().isEqualTo(before);
        assertThat(catalog.manifestById(id)).isEqualTo(m);
    }

    @Test
    void putManifest_bytesOfItsId_storedAndReadBackById() throws Exception {
        byte[] bytes = encoded(9);
        ManifestId id = idOf(bytes);
        assertThat(catalog.hasManifest(id)).isFalse();
        Manifest m = catalog.putManifest(id, bytes);
        assertThat(catalog.hasManifest(id)).isTrue();
        assertThat(catalog.manifestBytes(id)).isEqualTo(bytes);
        assertThat(catalog.manifestById(id)).isEqualTo(m).isEqualTo(new io.ferry.manifest.ManifestCodec(new io.ferry.chunk.ZeroChunks()).decode(bytes));
    }

    @Test
    void putManifest_bytesOfAnotherId_rejectedAndNothingStored() throws Exception {
        byte[] bytes = encoded(10);
        ManifestId other = idOf(encoded(11));
        assertThatThrownBy(() -> catalog.putManifest(other, bytes)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining(other.hex()).hasMessageContaining(idOf(bytes).hex());
        assertThat(catalog.hasManifest(other)).isFalse();
        assertThat(catalog.hasManifest(idOf(bytes))).isFalse();
    }

    @Test
    void putManifest_bytesThatMatchTheirIdButDoNotDecode_rejectedAndNothingStored() throws Exception {
        byte[] bytes = encoded(12);
        bytes[bytes.length / 2] ^= 0x10;
        ManifestId id = idOf(bytes);
        assertThatThrownBy(() -> catalog.putManifest(id, bytes)).isInstanceOf(ManifestFormatException.class);
        assertThat(catalog.hasManifest(id)).isFalse();
    }

    @Test
    void putManifest_idThatIsNotHex_rejectedBeforeAnyFileIsNamed() throws Exception {
        byte[] bytes = encoded(13);
        assertThatThrownBy(() -> catalog.putManifest(ManifestId.parse("../catalog"), bytes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex digits");
        try (var files = Files.list(manifests())) {
            assertThat(files).isEmpty();
        }
    }

    /**
     * putManifest checks the id in canonical (lower-case) form but names the file by the id as given,
     * while manifestBytes reads the file of the canonical form: an upper-case id is accepted, then
     * hasManifest says it is there and manifestById says it is not.
     */
    @Test
    void putManifest_idInUpperCase_whatIsAcceptedCanBeReadBack() throws Exception {
        byte[] bytes = encoded(14);
        String upper = idOf(bytes).hex().toUpperCase(Locale.ROOT);
        Manifest m;
        try {
            m = catalog.putManifest(ManifestId.parse(upper), bytes);
        } catch (ManifestFormatException | IllegalArgumentException refused) {
            return; // refusing a non-canonical id would be as good
        }
        assertThat(catalog.manifestById(ManifestId.parse(upper))).isEqualTo(m);
        assertThat(catalog.hasManifest(idOf(bytes))).as("stored under its canonical id").isTrue();
    }

    @Test
    void manifestBytes_corruptOrMissingFile_saysWhich() throws Exception {
        ManifestId id = putCopy(manifest("img", 15, 100_000));
        byte[] bytes = catalog.manifestBytes(id);
        bytes[7] ^= 1;
        Files.write(catalog.manifestPath(id), bytes);
        assertThatThrownBy(() -> catalog.manifestBytes(id)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("corrupt");
        assertThatThrownBy(() -> catalog.manifest(catalog.require("img")))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining("corrupt");
        ManifestId absent = idOf(encoded(16));
        assertThatThrownBy(() -> catalog.manifestBytes(absent)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("not stored");
    }

    @Test
    void removeManifestsExcept_keepsExactlyTheReferencedOnes() throws Exception {
        ManifestId a = putCopy(manifest("a", 17, 100_000));
        byte[] stored = encoded(18);
        ManifestId b = idOf(stored);
        catalog.putManifest(b, stored);
        ManifestId c = putCopy(manifest("c", 19, 100_000));
        catalog.manifestById(c); // decoded and kept in memory
        Path other = Files.write(manifests().resolve("notes.txt"), new byte[] {1});
        ManifestId unknown = idOf(encoded(20));

        assertThat(catalog.removeManifestsExcept(Set.of(a, b, unknown))).isEqualTo(1);
        assertThat(catalog.hasManifest(a)).isTrue();
        assertThat(catalog.hasManifest(b)).isTrue();
        assertThat(catalog.hasManifest(c)).isFalse();
        assertThat(catalog.hasManifest(unknown)).isFalse();
        assertThat(other).exists();
        assertThatThrownBy(() -> catalog.manifestById(c)).as("not served from memory once removed")
                .isInstanceOf(ManifestFormatException.class);
        assertThat(catalog.removeManifestsExcept(Set.of(a, b))).isZero();
    }

    @Test
    void put_aBindingOfAnotherManifest_refusedAndNothingRecorded() throws Exception {
        Manifest m = manifest("img", 11, 100_000);
        SignedFact other = bound(manifest("img", 12, 100_000));
        assertThatThrownBy(() -> catalog.put(ImageRecord.Holding.COPY, m, null, 0, 0, other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not of its manifest");
        assertThat(catalog.images()).isEmpty();
    }

    @Test
    void aCatalogOfTheFirstLayout_opensWithItsImagesUnboundAndItsClusterTableEmpty() throws Exception {
        catalog.close();
        Path old = dir.resolve("old.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old);
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE images (name TEXT PRIMARY KEY, manifest_id TEXT NOT NULL, size INTEGER NOT NULL, "
                    + "sha256 TEXT NOT NULL, holding TEXT NOT NULL CHECK (holding IN ('SEED', 'COPY')), seed_file TEXT, "
                    + "seed_size INTEGER, seed_mtime INTEGER, imported_at INTEGER NOT NULL)");
            s.execute("INSERT INTO images VALUES ('v1', '" + "ab".repeat(32) + "', 10, '" + "cd".repeat(32)
                    + "', 'SEED', '/img/v1.raw', 10, 5, 7)");
            s.execute("CREATE TABLE nodes (id TEXT PRIMARY KEY, address TEXT NOT NULL, version INTEGER NOT NULL, "
                    + "seen_at INTEGER NOT NULL)");
            s.execute("INSERT INTO nodes VALUES ('a', 'evil:1/x', 9223372036854775807, 0)");
            s.execute("CREATE TABLE node_images (node TEXT NOT NULL, name TEXT NOT NULL, manifest_id TEXT NOT NULL, "
                    + "size INTEGER NOT NULL, sha256 TEXT NOT NULL, complete INTEGER NOT NULL, PRIMARY KEY (node, name))");
            s.execute("CREATE TABLE holdings (node TEXT NOT NULL, manifest_id TEXT NOT NULL, chunks INTEGER NOT NULL, "
                    + "whole INTEGER NOT NULL, bitmap BLOB NOT NULL, PRIMARY KEY (node, manifest_id))");
        }
        catalog = new Catalog(old, manifests(), zeros, NodeId.of("self"));
        ImageRecord r = catalog.require("v1");
        assertThat(r.manifestId().hex()).isEqualTo("ab".repeat(32));
        assertThat(r.seedFile()).isEqualTo(Path.of("/img/v1.raw"));
        assertThat(r.binding()).isNull();
        assertThat(catalog.cluster().entries()).as("the old unsigned cluster table is dropped, to be relearnt").isEmpty();
        SignedFact f = FactSigner.unsigned(NodeId.of("self")).sign(ImageBinding.KIND, 3,
                new ImageBinding("v1", r.manifestId(), 10, new ImageDigest("cd".repeat(32))).encode());
        catalog.bind("v1", f);
        catalog.bind("v1", FactSigner.unsigned(NodeId.of("self")).sign(ImageBinding.KIND, 4, f.payload()));
        catalog.close();
        catalog = new Catalog(old, manifests(), zeros, NodeId.of("self"));
        assertThat(catalog.require("v1").binding()).as("bound once, kept").usingRecursiveComparison().isEqualTo(f);
    }
}
