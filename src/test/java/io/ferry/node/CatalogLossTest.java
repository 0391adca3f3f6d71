package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.FerryProcess;
import io.ferry.testing.NodeProcess;
import io.ferry.testing.TestData;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog is never the only record of what a node holds (issue 10): real ferry processes on a data
 * directory whose catalog is deleted, truncated, or loses its WAL to a {@code kill -9}, and one that
 * cannot be rebuilt. Losing the catalog must lose no image and no chunk, and gc must not act on it.
 */
class CatalogLossTest {
    @TempDir
    Path tmp;
    Path data;
    Path v1;
    Path v2;

    @BeforeEach
    void images() throws IOException {
        data = tmp.resolve("data");
        v1 = TestData.write(tmp.resolve("v1.raw"), TestData.sparse(1, 3 << 20));
        v2 = TestData.write(tmp.resolve("v2.raw"), TestData.sparse(2, 2 << 20));
    }

    private FerryProcess.Exit ferry(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--data";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return FerryProcess.ferry(all);
    }

    private FerryProcess.Exit ok(FerryProcess.Exit e) {
        assertThat(e.code()).as(e.err()).isZero();
        return e;
    }

    private static JsonNode json(FerryProcess.Exit e) throws IOException {
        return new ObjectMapper().readTree(e.out());
    }

    /** Every file under the data directory but the lock, with its size: what "nothing deleted" compares. */
    private Map<String, Long> files() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(data)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().equals("lock")) {
                    out.put(data.relativize(f).toString(), Files.size(f));
                }
            }
        }
        return out;
    }

    private Map<String, Long> packs() throws IOException {
        Map<String, Long> out = new TreeMap<>(files());
        out.keySet().removeIf(k -> !k.startsWith("cache/"));
        return out;
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private void deleteCatalog() throws IOException {
        for (String s : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(data.resolve("catalog.db" + s));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deleted", "truncated"})
    void catalogLost_imagesListedServedFromTheCacheAndGcKeepsTheirChunks(String how) throws Exception {
        ok(ferry("import", v1.toString(), "--copy"));
        ok(ferry("import", v2.toString()));
        Map<String, Long> packs = packs();
        assertThat(packs).isNotEmpty();
        if (how.equals("deleted")) {
            deleteCatalog();
        } else {
            long size = Files.size(data.resolve("catalog.db"));
            try (FileChannel ch = FileChannel.open(data.resolve("catalog.db"), StandardOpenOption.WRITE)) {
                ch.truncate(size / 2);
            }
        }

        FerryProcess.Exit ls = ok(ferry("ls", "--json"));

        assertThat(json(ls).findValuesAsText("name")).containsExactly("v1", "v2");
        assertThat(ls.err().lines().filter(l -> l.startsWith("[WARN]")).toList()).singleElement().asString()
                .contains("catalog " + data.resolve("catalog.db")).contains("restored 2 image(s)").contains("v1, v2");
        JsonNode gc = json(ok(ferry("gc", "--json")));
        assertThat(gc.get("removed_chunks").asInt()).isZero();
        assertThat(packs()).isEqualTo(packs);
        Path out = tmp.resolve("out.img");
        ok(ferry("get", "v1", "-o", out.toString()));
        assertThat(sha256(out)).isEqualTo(sha256(v1));
        if (how.equals("truncated")) {
            assertThat(files().keySet()).anyMatch(f -> f.startsWith("catalog.db.damaged-"));
        }
    }

    @Test
    void nodeKilledRightAfterAnImport_walLost_imageStillThereAfterRestart() throws Exception {
        ok(ferry("import", v2.toString(), "--copy"));
        String id = Files.readString(data.resolve("node-id")).strip();
        try (NodeProcess n = NodeProcess.start(data, id, List.of())) {
            ok(n.ferry("import", v1.toString(), "--copy"));
            n.kill();
        }
        Files.delete(data.resolve("catalog.db-wal"));
        assertThat(rowsInTheDatabaseFile()).as("the last import's row lived only in the WAL").containsExactly("v2");

        try (NodeProcess n = NodeProcess.start(data, id, List.of())) {
            assertThat(json(ok(n.ferry("ls", "--json"))).findValuesAsText("name")).containsExactly("v1", "v2");
            Path out = tmp.resolve("out.img");
            ok(n.ferry("get", "v1", "-o", out.toString()));
            assertThat(sha256(out)).isEqualTo(sha256(v1));
        }
        assertThat(Files.readString(tmp.resolve(id + ".stderr.log"))).contains("lacked images its records hold")
                .contains("restored 1 image(s)").contains(": v1");
    }

    private List<String> rowsInTheDatabaseFile() throws Exception {
        List<String> names = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("catalog.db"));
             ResultSet r = c.createStatement().executeQuery("SELECT name FROM images ORDER BY name")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }

    @Test
    void catalogLostWithAManifest_refusesInOneLineAndDeletesNothing() throws Exception {
        ok(ferry("import", v1.toString(), "--copy"));
        deleteCatalog();
        try (Stream<Path> s = Files.list(data.resolve("manifests"))) {
            for (Path f : s.toList()) {
                Files.delete(f);
            }
        }
        Map<String, Long> before = files();

        FerryProcess.Exit ls = ferry("ls");

        assertThat(ls.code()).isNotZero();
        assertThat(ls.err().strip()).doesNotContain("\n").contains("cannot rebuild the catalog of " + data)
                .contains("image 'v1' needs manifest");
        String id = Files.readString(data.resolve("node-id")).strip();
        assertThatThrownBy(() -> NodeProcess.start(data, id, List.of())).isInstanceOf(IOException.class);
        assertThat(Files.readString(tmp.resolve(id + ".stderr.log"))).contains("cannot rebuild the catalog of " + data);
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void gc_recordGoneWhileTheNodeRuns_refusedAndNothingRemoved() throws Exception {
        Files.createDirectories(data);
        try (NodeProcess n = NodeProcess.start(data, "n1", List.of())) {
            ok(n.ferry("import", v1.toString(), "--copy"));
            ok(n.ferry("import", v2.toString(), "--copy"));
            Map<String, Long> packs = packs();
            Files.delete(data.resolve("images").resolve("v1.image"));

            FerryProcess.Exit gc = n.ferry("gc");

            assertThat(gc.code()).isNotZero();
            assertThat(gc.err().strip()).doesNotContain("\n").contains("lists 2 image(s) but " + data.resolve("images")
                    + " records 1");
            assertThat(packs()).isEqualTo(packs);
        }
    }
}
