package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.DeliveryResult;
import io.ferry.api.ImportRequest;
import io.ferry.testing.Cluster;
import io.ferry.testing.Cluster.Member;
import io.ferry.testing.TestData;
import io.ferry.transfer.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two deliveries at once on one node, through the node's socket: of one image to two paths they share
 * one fetch; to one path, the second is refused with one line and the first completes.
 */
class ConcurrentDeliveryTest {
    private static final int SIZE = 16 << 20;
    @TempDir
    Path tmp;
    private Cluster cluster;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        cluster = new Cluster(tmp.resolve("nodes"));
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        cluster.close();
    }

    /** An origin that serves at 8 MiB/s, so a 16 MiB delivery takes long enough for a second to overlap it. */
    private Member origin(Path img) throws Exception {
        Member a = cluster.start("a", List.of(), new ServeOptions(3, 9, 8 << 20));
        a.api().importImage(new ImportRequest(img.toString(), null, false, null, null));
        return a;
    }

    private List<Future<DeliveryResult>> twoGets(Member on, Path out1, Path out2) {
        List<Future<DeliveryResult>> runs = new ArrayList<>();
        runs.add(pool.submit(() -> on.api().get("img", out1.toString())));
        runs.add(pool.submit(() -> on.api().get("img", out2.toString())));
        return runs;
    }

    @Test
    void twoGetsOfOneImage_bothByteIdentical_andTogetherFetchAboutOnce() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 21, SIZE);
        Member a = origin(img);
        Member alone = cluster.start("alone", List.of(a.address()));
        long once = alone.api().get("img", tmp.resolve("alone.img").toString()).bytesFetched();
        assertThat(once).as("one delivery's wire bytes").isGreaterThan(SIZE / 2);

        Member c = cluster.start("c", List.of(a.address()));
        List<Future<DeliveryResult>> runs = twoGets(c, tmp.resolve("c1.img"), tmp.resolve("c2.img"));
        long both = 0;
        for (Future<DeliveryResult> f : runs) {
            both += f.get().bytesFetched();
        }
        byte[] want = Files.readAllBytes(img);
        assertThat(Files.readAllBytes(tmp.resolve("c1.img"))).isEqualTo(want);
        assertThat(Files.readAllBytes(tmp.resolve("c2.img"))).isEqualTo(want);
        assertThat(both).as("wire bytes of both deliveries against one's %d", once).isLessThanOrEqualTo(once * 11 / 10);
    }

    @Test
    void aGetInAnotherProcessToAPathBeingWritten_isRefusedByTheLockedPartialFile() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 23, SIZE);
        Member a = cluster.start("a", List.of(), new ServeOptions(3, 9, 2 << 20)); // ~8 s for the image
        a.api().importImage(new ImportRequest(img.toString(), null, false, null, null));
        Member c = cluster.start("c", List.of(a.address()));
        Path other = tmp.resolve("other-data");
        assertThat(io.ferry.testing.Cli.on(other, "import", img.toString(), "--name", "img").exit()).isZero();
        Path out = tmp.resolve("same.img");
        Future<DeliveryResult> first = pool.submit(() -> c.api().get("img", out.toString()));
        Cluster.await("c writes the partial file", () -> Files.exists(io.ferry.assemble.Assembly.partFile(out)));
        io.ferry.testing.FerryProcess.Exit second = io.ferry.testing.FerryProcess.ferry("--data", other.toString(), "get",
                "img", "-o", out.toString());
        assertThat(first.isDone()).as("the second process ran while the first delivery wrote").isFalse();
        assertThat(second.code()).as(second.err()).isEqualTo(1);
        assertThat(second.err().strip()).isEqualTo("ferry: another delivery is writing " + out.toAbsolutePath()
                + " (its partial file .same.img.ferry-part is locked); wait for it to finish or choose another path");
        first.get();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(img));
    }

    @Test
    void twoGetsToOnePath_oneSucceeds_theOtherIsRefusedInOneLine_andTheFileIsWhole() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 22, SIZE);
        Member a = origin(img);
        Member c = cluster.start("c", List.of(a.address()));
        Path out = tmp.resolve("same.img");
        List<Future<DeliveryResult>> runs = twoGets(c, out, out);
        int ok = 0;
        List<String> refusals = new ArrayList<>();
        for (Future<DeliveryResult> f : runs) {
            try {
                f.get();
                ok++;
            } catch (ExecutionException e) {
                refusals.add(e.getCause().getMessage());
            }
        }
        assertThat(ok).isEqualTo(1);
        assertThat(refusals).singleElement().isEqualTo("another delivery is writing " + out.toAbsolutePath()
                + " (its partial file .same.img.ferry-part is locked); wait for it to finish or choose another path");
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(img));
    }
}
