package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.DeliveryResult;
import io.ferry.api.ImportRequest;
import io.ferry.api.TableView;
import io.ferry.testing.Cluster;
import io.ferry.testing.Cluster.Member;
import io.ferry.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deliveries between several nodes in this JVM, on loopback, through the remote API. */
class DeliveryTest {
    @TempDir
    Path tmp;
    private Cluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new Cluster(tmp.resolve("nodes"));
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    /** Random data with zero runs: a small disk image. */
    private Path image(String name, long seed, int mib) throws Exception {
        return TestData.write(tmp.resolve(name), TestData.sparse(seed, mib << 20));
    }

    private static void importFile(Member m, Path file) throws Exception {
        m.api().importImage(new ImportRequest(file.toString(), null, false, null, null));
    }

    private DeliveryResult get(Member m, String image, Path out) throws Exception {
        return m.api().get(image, out.toString());
    }

    /** Whether {@code on}'s table says {@code holder} holds image {@code image} complete. */
    private static boolean knows(Member on, String holder, String image) throws Exception {
        return io.ferry.testing.TableRows.complete(on.api(), holder, image);
    }

    @Test
    void importOnA_getOnC_byteIdenticalCachedAndAdvertised_thenServedByC() throws Exception {
        Path img = image("img.raw", 1, 8);
        Member a = cluster.start("a", List.of());
        Member b = cluster.start("b", List.of(a.address()));
        Member c = cluster.start("c", List.of(a.address(), b.address()));
        importFile(a, img);
        Path out = tmp.resolve("c.img");
        DeliveryResult r = get(c, "img", out);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(img));
        assertThat(r.bytesFetched()).isPositive();
        assertThat(r.bytesFetchedByPeer()).containsKey("a");
        assertThat(r.bytesZero() + r.bytesLocal() + r.bytesFromPeers()).isEqualTo(8 << 20);
        // c now holds the image: once b knows that, b can get it from c alone after a is gone
        Cluster.await("b knows c holds img", () -> knows(b, "c", "img"));
        cluster.stop(a);
        Path fromC = tmp.resolve("b.img");
        DeliveryResult rb = get(b, "img", fromC);
        assertThat(Files.readAllBytes(fromC)).isEqualTo(Files.readAllBytes(img));
        assertThat(rb.bytesFetchedByPeer()).containsOnlyKeys("c");
        assertThat(b.api().peers()).anyMatch(p -> c.address().equals(p.address()));
    }

    @Test
    void bHoldsHalf_cFetchesFromBoth() throws Exception {
        byte[] full = TestData.random(2, 8 << 20);
        Path img = TestData.write(tmp.resolve("img.raw"), full);
        byte[] half = full.clone();
        System.arraycopy(TestData.random(3, 4 << 20), 0, half, 4 << 20, 4 << 20);
        Path other = TestData.write(tmp.resolve("other.raw"), half);
        Member a = cluster.start("a", List.of());
        Member b = cluster.start("b", List.of());
        Member c = cluster.start("c", List.of(a.address(), b.address()));
        importFile(a, img);
        importFile(b, other);
        Path out = tmp.resolve("c.img");
        DeliveryResult r = get(c, "img", out);
        assertThat(Files.readAllBytes(out)).isEqualTo(full);
        assertThat(r.bytesFetchedByPeer().get("a")).isPositive();
        assertThat(r.bytesFetchedByPeer().get("b")).as("chunks of b's other image count").isPositive();
    }

    @Test
    void lyingPeer_droppedAndTheImageIsStillRightAndNothingItSentIsCached() throws Exception {
        Path img = image("img.raw", 5, 8);
        Member a = cluster.start("a", List.of());
        importFile(a, img);
        byte[] manifest;
        try (Stream<Path> s = Files.list(tmp.resolve("nodes/a/manifests"))) {
            manifest = Files.readAllBytes(s.filter(p -> p.toString().endsWith(".fmf")).findFirst().orElseThrow());
        }
        try (LyingPeer liar = new LyingPeer(manifest)) {
            Member c = cluster.start("c", List.of(liar.address(), a.address()));
            Path out = tmp.resolve("c.img");
            DeliveryResult r = get(c, "img", out);
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(img));
            assertThat(liar.chunkRequests.get()).as("the liar was asked for chunks").isPositive();
            assertThat(r.bytesFetchedByPeer().get("a")).isPositive();
            assertThat(c.api().verify(null)).allMatch(v -> v.ok());
        }
    }

    @Test
    void unknownImage_clearErrorAndNoFile() throws Exception {
        Member a = cluster.start("a", List.of());
        Member c = cluster.start("c", List.of(a.address()));
        Path out = tmp.resolve("x.img");
        assertThatThrownBy(() -> get(c, "nope", out)).hasMessage("unknown image 'nope' (ferry ls lists the images)");
        assertThat(out).doesNotExist();
    }

    @Test
    void noHolderLeft_failsSayingHowManyChunksHadNoneAndNoFileAtThePath() throws Exception {
        Path img = image("img.raw", 6, 4);
        Member a = cluster.start("a", List.of());
        Member c = cluster.start("c", List.of(a.address()));
        importFile(a, img);
        Cluster.await("c knows a holds img", () -> knows(c, "a", "img"));
        c.api().table("img", true); // c now has the manifest: the delivery gets as far as asking for chunks
        cluster.stop(a);
        Path out = tmp.resolve("c.img");
        // a leaves gracefully: once c hears it (at once, unless that message is lost) a's facts are forgotten
        // and the image is unknown; before, the delivery finds no holder left
        assertThatThrownBy(() -> get(c, "img", out)).hasMessageMatching("unknown image 'img'.*|"
                + "\\d+ of \\d+ chunks of image 'img' are not available.*; \\d+ distinct chunks had no holder left; peers dropped: a");
        assertThat(out).doesNotExist();
    }

    @Test
    void threeNodesDeliverTheSameImageAtOnceFromOneOrigin() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 8, 24 << 20);
        Member origin = cluster.start("origin", List.of());
        importFile(origin, img);
        Member b = cluster.start("b", List.of(origin.address()));
        Member c = cluster.start("c", List.of(origin.address(), b.address()));
        Member d = cluster.start("d", List.of(origin.address(), b.address(), c.address()));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<DeliveryResult>> runs = new ArrayList<>();
            for (Member n : List.of(b, c, d)) {
                runs.add(pool.submit(() -> get(n, "img", tmp.resolve(n.id() + ".img"))));
            }
            for (Future<DeliveryResult> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        byte[] want = Files.readAllBytes(img);
        for (Member n : List.of(b, c, d)) {
            assertThat(Files.readAllBytes(tmp.resolve(n.id() + ".img"))).as("image on %s", n.id()).isEqualTo(want);
        }
    }
}
