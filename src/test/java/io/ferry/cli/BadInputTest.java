package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.Cli;
import io.ferry.testing.FerryProcess;
import io.ferry.testing.TestData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad input gets one clear line on stderr, a non-zero exit, no file at the output path,
 * and no wrong chunk left in the cache.
 */
class BadInputTest {
    @TempDir
    Path tmp;
    Path data;
    Path img;
    Path out;

    @BeforeEach
    void setUp() throws Exception {
        data = tmp.resolve("data");
        img = TestData.write(tmp.resolve("img.raw"), TestData.sparse(3, 3 << 20));
        out = tmp.resolve("out.img");
    }

    Cli.Result ferry(String... args) {
        return Cli.on(data, args);
    }

    /** The error contract: exit code, one line naming the problem, nothing at the output path. */
    void assertFails(Cli.Result r, int exit, String... phrases) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(exit);
        assertThat(r.err().lines().count()).as("stderr lines: %s", r.err()).isEqualTo(1);
        assertThat(r.errLine()).startsWith("ferry: ");
        for (String p : phrases) {
            assertThat(r.errLine()).contains(p);
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void import_missingFile() {
        assertFails(ferry("import", tmp.resolve("nope.raw").toString()), 1, "no such file", "nope.raw");
    }

    @Test
    void import_directory() {
        assertFails(ferry("import", tmp.toString()), 1, "is a directory");
    }

    @Test
    void import_sameNameTwice() {
        ferry("import", img.toString());
        assertFails(ferry("import", img.toString()), 1, "image 'img' already exists");
    }

    @Test
    void import_nonsenseChunkerParameters() {
        assertFails(ferry("import", img.toString(), "--avg", "3"), 1, "chunk sizes must lie in");
        assertFails(ferry("import", img.toString(), "--avg", "24K"), 1, "power of two");
        assertFails(ferry("import", img.toString(), "--avg", "huge"), 1, "not a size: 'huge'");
        assertFails(ferry("import", img.toString(), "--chunker", "rabin"), 1, "unknown chunker 'rabin'");
        assertFails(ferry("import", img.toString(), "--name", "../x"), 1, "invalid image name");
        assertThat(ferry("ls", "--json").out().strip()).isEqualTo("[ ]");
    }

    @Test
    void unknownOptionOrMissingArgument_usageErrorExitTwo() {
        assertFails(ferry("import"), 2, "Missing required parameter");
        assertFails(ferry("get", "img", "-o", out.toString(), "--frobnicate"), 2, "Unknown option");
    }

    @Test
    void unknownImage_everyVerbSaysSo() {
        for (String[] args : new String[][] {{"inspect", "ghost"}, {"get", "ghost", "-o", out.toString()},
                {"rm", "ghost"}, {"verify", "ghost"}, {"diff", "ghost", "ghost"}}) {
            assertFails(ferry(args), 1, "unknown image 'ghost'");
        }
    }

    @Test
    void get_outputInMissingDirectory() {
        ferry("import", img.toString());
        Path missing = tmp.resolve("no/such/dir/out.img");
        assertFails(ferry("get", "img", "-o", missing.toString()), 1, "output directory", "does not exist");
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void get_seedChangedAfterImport_missingNeverWrong() throws Exception {
        ferry("import", img.toString());
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(1 << 20);
            f.write(TestData.random(9, 5000));
        }
        assertFails(ferry("get", "img", "-o", out.toString()), 1, "not available");
        Cli.Result v = ferry("verify");
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out()).contains("MISSING").contains("seed file changed");
    }

    @Test
    void get_seedDeleted_missing() throws Exception {
        ferry("import", img.toString());
        Files.delete(img);
        assertFails(ferry("get", "img", "-o", out.toString()), 1, "not available");
    }

    @Test
    void get_corruptedCachedChunk_detectedAndRemovedFromCache() throws Exception {
        ferry("import", img.toString(), "--copy");
        Path victim;
        try (Stream<Path> s = Files.list(data.resolve("cache"))) {
            victim = s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 2] ^= 0x40; // inside some chunk's record
        Files.write(victim, bytes);
        assertFails(ferry("get", "img", "-o", out.toString()), 1, "not available");
        assertThat(data.resolve("cache/deleted")).as("the wrong chunk is dropped from the cache for good")
                .isNotEmptyFile();
        assertThat(Assembler_partFile(out)).as("kept for a retry").exists();
    }

    @Test
    void truncatedOrGarbledManifest_saysSo() throws Exception {
        ferry("import", img.toString());
        Path manifest;
        try (Stream<Path> s = Files.list(data.resolve("manifests"))) {
            manifest = s.filter(p -> p.toString().endsWith(".fmf")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(manifest);
        Files.write(manifest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertFails(ferry("inspect", "img"), 1, "manifest", "corrupt");
        assertFails(ferry("get", "img", "-o", out.toString()), 1, "manifest", "corrupt");
        bytes[bytes.length / 3] ^= 1;
        Files.write(manifest, bytes);
        assertFails(ferry("get", "img", "-o", out.toString()), 1, "manifest", "corrupt");
    }

    @Test
    void dataDirectoryInUseByAnotherProcess() throws Exception {
        Process holder = FerryProcess.builder("io.ferry.testing.LockHolder", data.toString()).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            assertThat(r.readLine()).isEqualTo("locked");
            FerryProcess.Exit e = FerryProcess.ferry("--data", data.toString(), "ls");
            assertThat(e.code()).isEqualTo(1);
            assertThat(e.err().strip()).startsWith("ferry: data directory").contains("in use by another ferry process")
                    .contains("pid " + holder.pid());
            assertThat(e.err().lines().count()).isEqualTo(1);
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(10, TimeUnit.SECONDS);
            holder.destroyForcibly();
        }
        assertThat(ferry("ls").exit()).as("usable again once the other process is gone").isZero();
    }

    @Test
    void import_unreadableFile_asUnprivilegedUser() throws Exception {
        // root reads everything, so the command runs as 'nobody' against a file only root may read
        Path secret = TestData.write(tmp.resolve("secret.raw"), new byte[1000]);
        Path nobodyData = Files.createDirectories(tmp.resolve("nobody-data"));
        io.ferry.testing.Unprivileged.openUp(tmp);
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        FerryProcess.Exit e = io.ferry.testing.Unprivileged.ferry(tmp, "--data", nobodyData.toString(), "import",
                secret.toString());
        assertThat(e.code()).as(e.err()).isEqualTo(1);
        assertThat(e.err().strip()).isEqualTo("ferry: cannot read " + secret + ": permission denied");
    }

    @Test
    void get_fullDisk_noFileAndNoPartialLeft() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small"));
        Path big = TestData.writeRandom(tmp.resolve("big.raw"), 11, 4 << 20);
        ferry("import", big.toString());
        mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString());
        try {
            Path target = small.resolve("big.img");
            Cli.Result r = ferry("get", "big", "-o", target.toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().lines().count()).isEqualTo(1);
            // refused before anything is written: the space is checked up front
            assertThat(r.errLine()).isEqualTo("ferry: not enough space for image 'big': need 4 MiB on the file system of "
                    + small + ", 1 MiB free (3 MiB missing)");
            try (Stream<Path> s = Files.list(small)) {
                assertThat(s.toList()).as("nothing left on the full filesystem").isEmpty();
            }
        } finally {
            run("umount", small.toString());
        }
    }

    private static void mount(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "mount";
        System.arraycopy(args, 0, cmd, 1, args.length);
        run(cmd);
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s (bin/test runs as root)", String.join(" ", cmd), output).isZero();
    }

    private static Path Assembler_partFile(Path target) {
        return io.ferry.assemble.Assembly.partFile(target);
    }
}
