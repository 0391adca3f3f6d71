package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.Cli;
import io.ferry.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every verb's happy path through the real command line, on a real data directory. */
class CliTest {
    @TempDir
    Path tmp;
    Path data;
    Path v1;
    Path v2;

    @BeforeEach
    void images() throws Exception {
        data = tmp.resolve("data");
        byte[] a = TestData.sparse(1, 4 << 20);
        byte[] b = a.clone();
        System.arraycopy(TestData.random(2, 300_000), 0, b, 1 << 20, 300_000);
        v1 = TestData.write(tmp.resolve("v1.raw"), a);
        v2 = TestData.write(tmp.resolve("v2.raw"), b);
    }

    Cli.Result ferry(String... args) {
        return Cli.on(data, args);
    }

    static JsonNode json(Cli.Result r) throws Exception {
        assertThat(r.exit()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void import_file_recordsAnImageNamedAfterIt() throws Exception {
        Cli.Result r = ferry("import", v1.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("imported v1: 4.0 MiB");
        JsonNode j = json(ferry("import", v2.toString(), "--name", "web", "--copy", "--json"));
        assertThat(j.get("name").asText()).isEqualTo("web");
        assertThat(j.get("holding").asText()).isEqualTo("copy");
        assertThat(j.get("size").asLong()).isEqualTo(4 << 20);
    }

    @Test
    void ls_images_listedForPeopleAndScripts() throws Exception {
        ferry("import", v1.toString(), "--sha256");
        ferry("import", v2.toString(), "--copy");
        assertThat(ferry("ls").out()).contains("v1").contains("v2").contains("seed").contains("copy");
        JsonNode j = json(ferry("ls", "--json"));
        assertThat(j).hasSize(2);
        assertThat(j.get(0).get("name").asText()).isEqualTo("v1");
        assertThat(j.get(0).get("sha256").asText()).isEqualTo(sha256(v1));
        assertThat(j.get(1).get("sha256").isNull()).as("v2 was imported without --sha256").isTrue();
    }

    @Test
    void import_sha256_onlyWhenAskedAndEqualToSha256sum() throws Exception {
        JsonNode plain = json(ferry("import", v1.toString(), "--json"));
        assertThat(plain.get("sha256").isNull()).isTrue();
        JsonNode asked = json(ferry("import", v2.toString(), "--sha256", "--json"));
        assertThat(asked.get("sha256").asText()).isEqualTo(sha256(v2));
        assertThat(ferry("import", v1.toString(), "--name", "again", "--sha256").out()).contains("sha256 " + sha256(v1));
    }

    @Test
    void verify_sha256_computedFromChunksAndCheckedAgainstTheManifest() throws Exception {
        ferry("import", v1.toString());
        ferry("import", v2.toString(), "--copy", "--sha256");
        Files.delete(v2); // v2 now exists only as cached chunks
        Cli.Result r = ferry("verify", "--sha256");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("sha256 " + sha256(v1)).contains("sha256 " + sha256Of(v2Bytes()) + " (matches");
        JsonNode j = json(ferry("verify", "v1", "--sha256", "--json"));
        assertThat(j.get(0).get("sha256").asText()).isEqualTo(sha256(v1));
        assertThat(j.get(0).get("manifest_sha256").isNull()).isTrue();
        assertThat(json(ferry("verify", "v1", "--json")).get(0).get("sha256").isNull()).isTrue();
    }

    @Test
    void inspect_json_hasTheManifestSummary() throws Exception {
        ferry("import", v1.toString(), "--sha256");
        ferry("import", v2.toString());
        assertThat(json(ferry("inspect", "v2", "--json")).get("sha256").isNull()).isTrue();
        assertThat(ferry("inspect", "v2").out()).contains("sha256:      not computed");
        JsonNode j = json(ferry("inspect", "v1", "--json"));
        assertThat(j.get("name").asText()).isEqualTo("v1");
        assertThat(j.get("size").asLong()).isEqualTo(4 << 20);
        assertThat(j.get("chunks").asInt()).isPositive();
        assertThat(j.get("zero_bytes").asLong()).isPositive().isLessThan(4 << 20);
        assertThat(j.get("manifest_id").asText()).hasSize(64);
        assertThat(j.get("sha256").asText()).isEqualTo(sha256(v1));
        assertThat(json(ferry("inspect", "v1", "--json", "--chunks")).get("chunk_list")).hasSize(j.get("chunks").asInt());
        assertThat(ferry("inspect", "v1").out()).contains("sha256:").contains(sha256(v1));
    }

    @Test
    void diff_relatedImages_partsAddUpAndNewBytesAreTheEdit() throws Exception {
        ferry("import", v1.toString());
        ferry("import", v2.toString());
        JsonNode j = json(ferry("diff", "v1", "v2", "--json"));
        long shared = j.get("shared_bytes").asLong();
        long unique = j.get("unique_bytes").asLong();
        long zero = j.get("zero_bytes").asLong();
        long repeated = j.get("repeated_bytes").asLong();
        assertThat(shared + unique + zero + repeated).isEqualTo(4 << 20);
        assertThat(unique).isBetween(300_000L, 400_000L);
        assertThat(ferry("diff", "v1", "v2").out()).contains("new (would move)");
        assertThat(json(ferry("diff", "v1", "v1", "--json")).get("unique_bytes").asLong()).isZero();
    }

    @Test
    void get_seedImage_bitIdenticalWithJsonReport() throws Exception {
        ferry("import", v2.toString());
        Path out = tmp.resolve("out.img");
        JsonNode j = json(ferry("get", "v2", "-o", out.toString(), "--json"));
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(v2));
        assertThat(j.get("image").asText()).isEqualTo("v2");
        assertThat(j.get("bytes_total").asLong()).isEqualTo(4 << 20);
        assertThat(j.get("bytes_zero").asLong() + j.get("bytes_local").asLong()).isEqualTo(4 << 20);
        assertThat(j.get("bytes_fetched").asLong()).isZero();
        assertThat(j.has("bytes_fetched_by_peer")).isTrue();
        assertThat(j.get("seconds").asDouble()).isPositive();
    }

    @Test
    void get_copiedImageAfterOriginalDeleted_comesFromTheCache() throws Exception {
        ferry("import", v2.toString(), "--copy");
        byte[] original = Files.readAllBytes(v2);
        Files.delete(v2);
        Path out = tmp.resolve("out.img");
        Cli.Result r = ferry("get", "v2", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("local cache");
        assertThat(Files.readAllBytes(out)).isEqualTo(original);
    }

    @Test
    void get_chunkInSeedAndCache_seedIsPreferred() throws Exception {
        ferry("import", v1.toString(), "--copy", "--name", "cached");
        ferry("import", v1.toString(), "--name", "seeded");
        JsonNode j = json(ferry("get", "cached", "-o", tmp.resolve("o").toString(), "--json"));
        assertThat(j.get("bytes_local_by_origin").get("seed").asLong()).isEqualTo(j.get("bytes_local").asLong());
    }

    @Test
    void verify_healthyImages_okAndExitZero() {
        ferry("import", v1.toString());
        ferry("import", v2.toString(), "--copy");
        Cli.Result r = ferry("verify");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("v1").contains("v2").contains("ok");
        assertThat(ferry("verify", "v2").exit()).isZero();
        Cli.Result gc = ferry("gc");
        assertThat(gc.out()).as("gc keeps what kept images need").startsWith("removed 0 chunks").contains("and 0 manifests");
        assertThat(ferry("verify").exit()).isZero();
    }

    @Test
    void rmThenGc_copiedImage_chunksStayUntilGcRemovesThem() throws Exception {
        ferry("import", v2.toString(), "--copy");
        Cli.Result rm = ferry("rm", "v2");
        assertThat(rm.exit()).isZero();
        assertThat(ferry("ls").out()).contains("no images");
        assertThat(cachedFiles()).isPositive();
        Cli.Result gc = ferry("gc");
        assertThat(gc.exit()).isZero();
        assertThat(gc.out()).startsWith("removed ").contains("and 1 manifests");
        assertThat(cachedFiles()).isZero();
        try (var s = Files.list(data.resolve("manifests"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".fmf")).count()).as("manifest files left").isZero();
        }
    }

    @Test
    void cacheMax_unneededAndRedundantChunksEvictedToTheBound_aCopyThatCannotFitIsRefusedInOneLine() throws Exception {
        ferry("import", v1.toString(), "--copy");
        long afterV1 = cachedBytes();
        assertThat(afterV1).isPositive();
        ferry("rm", "v1");
        ferry("import", v1.toString(), "--name", "seeded"); // v1's chunks are in a seed now: a cached copy is redundant
        Cli.Result small = ferry("--cache-max", "64K", "import", v2.toString(), "--copy");
        // what v2 has that no seed provides (~300 KB) cannot fit 64K: refused, not stored past the bound
        assertThat(small.exit()).isNotZero();
        assertThat(small.err().strip()).doesNotContain("\n").contains("cannot import ").contains("v2.raw")
                .contains("--cache-max 64.0 KiB").contains("without --copy");
        assertThat(ferry("ls").out()).doesNotContain("v2");
        assertThat(cachedBytes()).as("cache after the refused import").isLessThan(64 << 10);

        Cli.Result fits = ferry("--cache-max", "1M", "import", v2.toString(), "--copy");
        assertThat(fits.exit()).as(fits.err()).isZero();
        assertThat(cachedBytes()).as("only v2's own chunks are cached").isLessThan(1 << 20).isLessThan(afterV1);
        assertThat(ferry("verify", "v2").exit()).isZero();
    }

    @Test
    void help_andVersion_exitZero() {
        assertThat(Cli.run("--help").exit()).isZero();
        assertThat(Cli.run("--version").out()).contains("ferry");
        assertThat(Cli.run("get", "--help").out()).contains("--output");
    }

    @Test
    void demo_generatedImages_runsAndShowsSavings() {
        Cli.Result r = Cli.run("demo", "--generated");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("b gets v2 (holds v1)").contains("c gets v2").contains("verified");
    }

    /** Chunk records in the cache's pack files (removed ones stay until gc compacts them). */
    private long cachedFiles() throws Exception {
        long n = 0;
        try (var s = Files.list(data.resolve("cache"))) {
            for (Path pack : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".pack"))::iterator) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(pack));
                while (b.remaining() >= 40) {
                    b.position(b.position() + 36);
                    int frame = b.getInt();
                    b.position(b.position() + frame);
                    n++;
                }
            }
        }
        return n;
    }

    private long cachedBytes() throws Exception {
        try (var s = Files.list(data.resolve("cache"))) {
            return s.filter(p -> p.toString().endsWith(".pack")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private byte[] v2Bytes() {
        byte[] b = TestData.sparse(1, 4 << 20);
        System.arraycopy(TestData.random(2, 300_000), 0, b, 1 << 20, 300_000);
        return b;
    }

    static String sha256Of(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
