package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.Cli;
import io.ferry.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** get -o never clobbers: an existing file needs --force, and a seed or a link is never replaced. */
class OutputSafetyTest {
    @TempDir
    Path tmp;
    Path data;
    Path img;
    byte[] bytes;

    @BeforeEach
    void setUp() throws Exception {
        data = tmp.resolve("data");
        bytes = TestData.sparse(21, 3 << 20);
        img = TestData.write(tmp.resolve("img.raw"), bytes);
        assertThat(ferry("import", img.toString()).exit()).isZero();
    }

    Cli.Result ferry(String... args) {
        return Cli.on(data, args);
    }

    static void assertRefused(Cli.Result r, String... phrases) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.err().lines().count()).as("stderr: %s", r.err()).isEqualTo(1);
        for (String p : phrases) {
            assertThat(r.errLine()).contains(p);
        }
    }

    @Test
    void get_existingFile_refusedAndUntouched() throws Exception {
        Path out = Files.writeString(tmp.resolve("out.img"), "precious");
        assertRefused(ferry("get", "img", "-o", out.toString()), out.toString(), "already exists", "--force");
        assertThat(Files.readString(out)).isEqualTo("precious");
        assertThat(io.ferry.assemble.Assembly.partFile(out)).doesNotExist();
    }

    @Test
    void get_force_replacesTheFile() throws Exception {
        Path out = Files.writeString(tmp.resolve("out.img"), "old");
        Cli.Result r = ferry("get", "img", "-o", out.toString(), "--force");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(bytes);
    }

    @Test
    void get_forceOntoASeed_refusedByPathAndByHardLink() throws Exception {
        Path other = TestData.write(tmp.resolve("other.raw"), TestData.random(22, 1 << 20));
        assertThat(ferry("import", other.toString()).exit()).isZero();
        assertRefused(ferry("get", "img", "-o", other.toString(), "--force"), other.toString(),
                "seed of image 'other'");
        Path link = Files.createLink(tmp.resolve("hardlink.raw"), other);
        assertRefused(ferry("get", "img", "-o", link.toString(), "--force"), "seed of image 'other'");
        assertThat(ferry("verify", "other").exit()).as("the seed is intact").isZero();
    }

    @Test
    void get_symlink_refusedEvenWithForce() throws Exception {
        Path real = Files.writeString(tmp.resolve("real.img"), "kept");
        Path link = Files.createSymbolicLink(tmp.resolve("link.img"), real);
        assertRefused(ferry("get", "img", "-o", link.toString(), "--force"), link.toString(), "symbolic link");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("kept");
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.img"), tmp.resolve("nowhere"));
        assertRefused(ferry("get", "img", "-o", dangling.toString()), "symbolic link");
        assertThat(tmp.resolve("nowhere")).doesNotExist();
    }

    @Test
    void get_characterDevice_refused() {
        assertRefused(ferry("get", "img", "-o", "/dev/null", "--force"), "/dev/null", "character device");
    }

    @Test
    void get_sha256_printedAndMatchesTheImport() throws Exception {
        Path out = tmp.resolve("out.img");
        Cli.Result r = ferry("get", "img", "-o", out.toString(), "--sha256", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(bytes));
        assertThat(r.out()).contains("\"sha256\" : \"" + expected + "\"").contains("\"output\" : \"file\"");
    }

    @Test
    void import_emptyFileAndDevNull_refused() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.raw"));
        assertRefused(ferry("import", empty.toString()), empty.toString(), "is empty");
        assertRefused(ferry("import", "/dev/null"), "/dev/null", "not a regular file or a block device");
        assertThat(ferry("ls", "--json").out()).doesNotContain("\"name\" : \"empty\"").doesNotContain("\"name\" : \"null\"");
    }
}
