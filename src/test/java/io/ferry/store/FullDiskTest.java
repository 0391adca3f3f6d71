package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.FerryProcess;
import io.ferry.testing.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory whose file system is full can be recovered with {@code ferry rm} and {@code ferry gc},
 * and the command that met the full disk says where (issue 10). Real processes on a tiny tmpfs (root).
 */
class FullDiskTest {
    @TempDir
    Path tmp;
    private Path small;

    @BeforeEach
    void mount() throws Exception {
        small = Files.createDirectories(tmp.resolve("small"));
        run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", small.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", small.toString());
    }

    private FerryProcess.Exit ferry(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--data";
        all[1] = small.resolve("data").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return FerryProcess.ferry(all);
    }

    private FerryProcess.Exit ok(String... args) throws Exception {
        FerryProcess.Exit e = ferry(args);
        assertThat(e.code()).as("ferry %s: %s", String.join(" ", args), e.err()).isZero();
        return e;
    }

    /** Writes a file until the file system is full. */
    private static void fill(Path file) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 << 10);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                block.clear();
                ch.write(block);
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("No space left on device");
        }
    }

    private long free() throws IOException {
        return Files.getFileStore(small).getUsableSpace();
    }

    @Test
    void rmAndGc_dataDirectoryFull_succeedAndFreeSpaceAndTheFailingCommandNamesThePath() throws Exception {
        Path a = TestData.writeRandom(tmp.resolve("a.raw"), 31, 5 << 20);
        Path b = TestData.writeRandom(tmp.resolve("b.raw"), 32, 5 << 20);
        Path c = TestData.writeRandom(tmp.resolve("c.raw"), 33, 5 << 20);
        ok("import", a.toString(), "--copy");
        ok("import", b.toString(), "--copy");
        assertThat(small.resolve("data").resolve("reserve")).as("made while there was room").exists();
        fill(small.resolve("filler"));

        FerryProcess.Exit full = ferry("import", c.toString(), "--copy");
        assertThat(full.code()).as(full.err()).isEqualTo(1);
        assertThat(full.err().strip().lines().count()).as(full.err()).isEqualTo(1);
        assertThat(full.err()).contains("no space left on device").contains(small.resolve("data").toString());

        long before = free();
        ok("rm", "a");
        ok("gc");
        assertThat(free()).as("a's chunks given back").isGreaterThan(before + (4 << 20));
        ok("verify", "b");
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s (tests run as root)", String.join(" ", cmd), output).isZero();
    }
}
