package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.ImportRequest;
import io.ferry.testing.Cluster;
import io.ferry.testing.Cluster.Member;
import io.ferry.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery checks the space it needs before it writes or fetches anything, on tiny tmpfs mounts
 * (tests run as root): the output's file system; the cache needs none, since fetched chunks go to the output only.
 */
class DeliverySpaceTest {
    private static final int SIZE = 8 << 20;
    @TempDir
    Path tmp;
    private Cluster cluster;
    private Path small;

    @BeforeEach
    void start() throws Exception {
        cluster = new Cluster(tmp.resolve("nodes"));
        small = Files.createDirectories(tmp.resolve("small"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            cluster.close();
        } finally {
            // the node's last files close as its threads wind down: wait for the mount to be free
            Cluster.await("unmounted " + small, () -> run("umount", small.toString()) == 0 || !mounted(small));
        }
    }

    private static boolean mounted(Path dir) throws Exception {
        return Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(dir.toString()));
    }

    private Member origin() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 31, SIZE);
        Member a = cluster.start("a", List.of());
        a.api().importImage(new ImportRequest(img.toString(), null, false, null, null));
        return a;
    }

    @Test
    void outputFileSystemTooSmall_refusedBeforeFetching_withTheNumbers() throws Exception {
        run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString());
        Member a = origin();
        Member c = cluster.start("c", List.of(a.address()));
        Path out = small.resolve("img.img");
        assertThatThrownBy(() -> c.api().get("img", out.toString())).hasMessage("not enough space for image 'img': "
                + "need 8 MiB on the file system of " + small + ", 2 MiB free (6 MiB missing)");
        try (Stream<Path> s = Files.list(small)) {
            assertThat(s.toList()).as("nothing at the output path, no partial file").isEmpty();
        }
        assertThat(cacheBytes(tmp.resolve("nodes/c/cache"))).as("nothing fetched into c's cache").isZero();
    }

    @Test
    void dataDirectoryTooSmallForTheImage_deliveredAnyway_sinceNothingFetchedIsCached() throws Exception {
        Member a = origin();
        Path cData = tmp.resolve("nodes/c");
        // c's whole data directory on 4 MiB, the image is 8 MiB: fetched chunks go to the output only (issue 11)
        Files.createDirectories(cData);
        small = cData; // the mount point the test's end unmounts
        run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", cData.toString());
        Member c = cluster.start("c", List.of(a.address()));
        Path out = tmp.resolve("img.img");
        c.api().get("img", out.toString());
        assertThat(Files.mismatch(out, tmp.resolve("img.raw"))).isEqualTo(-1);
        assertThat(cacheBytes(cData.resolve("cache"))).isZero();
    }

    private static long cacheBytes(Path cache) throws Exception {
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(cache)) {
            long n = 0;
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                n += Files.size(p);
            }
            return n;
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (cmd[0].equals("mount")) {
            assertThat(p.exitValue()).as("%s: %s (bin/test runs as root)", String.join(" ", cmd), output).isZero();
        }
        return p.exitValue();
    }
}
