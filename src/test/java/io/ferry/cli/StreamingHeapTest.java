package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.FerryProcess;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import and get stream: a real ferry process with a 64 MiB heap handles an image several times
 * that size, in copy mode too. (The 2 GiB figure at 128 MiB is in docs/benchmarks.md.)
 */
class StreamingHeapTest {
    @TempDir
    Path tmp;

    @Test
    void importCopyAndGet_imageFiveTimesTheHeap_succeedWithSmallHeap() throws Exception {
        Path img = tmp.resolve("big.raw");
        byte[] block = new byte[1 << 20];
        SplittableRandom r = new SplittableRandom(5);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(320L << 20);
            for (long at = 0; at < f.length(); at += 3L << 20) { // data in one MiB of every three
                r.nextBytes(block);
                f.seek(at);
                f.write(block);
            }
        }
        Path data = tmp.resolve("data");
        Path out = tmp.resolve("out.img");
        assertThat(small("--data", data.toString(), "import", img.toString(), "--copy").code()).isZero();
        Files.delete(tmp.resolve("big.raw").resolveSibling("big.raw"));
        FerryProcess.Exit get = small("--data", data.toString(), "get", "big", "-o", out.toString());
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(Files.size(out)).isEqualTo(320L << 20);
    }

    private static FerryProcess.Exit small(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "io.ferry.cli.Main"));
        cmd.addAll(List.of(args));
        FerryProcess.Exit e = FerryProcess.run(new ProcessBuilder(cmd));
        assertThat(e.err()).doesNotContain("OutOfMemoryError");
        return e;
    }
}
