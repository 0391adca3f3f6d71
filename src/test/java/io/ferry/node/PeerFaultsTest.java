package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.DeliveryResult;
import io.ferry.api.ImportRequest;
import io.ferry.api.TableView;
import io.ferry.testing.Cluster;
import io.ferry.testing.Cluster.Member;
import io.ferry.testing.TestData;
import io.ferry.transfer.ServeOptions;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers on a bad day, met by real nodes (in this JVM, on loopback): one that trickles, one whose cache
 * lost a chunk. Nothing stalls, and one bad chunk costs one chunk.
 */
class PeerFaultsTest {
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

    private Path image(String name, long seed, int mib) throws Exception {
        return TestData.write(tmp.resolve(name), TestData.sparse(seed, mib << 20));
    }

    private static void importFile(Member m, Path file, boolean copy) throws Exception {
        m.api().importImage(new ImportRequest(file.toString(), null, copy, null, null));
    }

    private byte[] manifestOf(String node) throws Exception {
        try (Stream<Path> s = Files.list(tmp.resolve("nodes/" + node + "/manifests"))) {
            return Files.readAllBytes(s.filter(p -> p.toString().endsWith(".fmf")).findFirst().orElseThrow());
        }
    }

    @Test
    void aTricklingPeerBesideAHealthyOneDoesNotHoldTheDeliveryUp() throws Exception {
        Path img = image("img.raw", 11, 8);
        Member a = cluster.start("a", List.of());
        importFile(a, img, false);
        try (TricklingPeer trickler = new TricklingPeer(manifestOf("a"), img, 100)) {
            Member c = cluster.start("c", List.of(trickler.address(), a.address()));
            Path out = tmp.resolve("c.img");
            DeliveryResult r = c.api().get("img", out.toString());
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(img));
            assertThat(trickler.chunkRequests.get()).as("the trickler was asked for chunks").isPositive();
            assertThat(trickler.bytesSent.get()).as("its answers were not waited out")
                    .isLessThan(trickler.bytesAsked.get() / 10);
            assertThat(r.bytesFetchedByPeer().get("a")).isPositive();
        }
    }

    @Test
    void aTricklingSoleHolderFailsTheDeliveryClearlyInsteadOfStallingIt() throws Exception {
        Path img = image("img.raw", 12, 4);
        Member a = cluster.start("a", List.of());
        importFile(a, img, false);
        byte[] manifest = manifestOf("a");
        cluster.stop(a);
        try (TricklingPeer trickler = new TricklingPeer(manifest, img, 200)) {
            Member c = cluster.start("c", List.of(trickler.address()));
            Path out = tmp.resolve("c.img");
            assertThatThrownBy(() -> c.api().get("img", out.toString()))
                    .hasMessageContaining("chunks of image 'img' are not available")
                    .hasMessageContaining("trickler");
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void oneCorruptChunkOnTheOnlyHolderCostsThatChunkOnly_andItStopsAdvertisingIt() throws Exception {
        Path img = image("img.raw", 13, 8);
        Member a = cluster.start("a", List.of());
        importFile(a, img, true);
        Path pack;
        try (Stream<Path> s = Files.list(tmp.resolve("nodes/a/cache"))) {
            pack = s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            f.seek(40 + 30); // inside the first record's zstd frame: its header (id, lengths) stays intact
            int b = f.read();
            f.seek(40 + 30);
            f.write(b ^ 0x5a);
        }
        Member c = cluster.start("c", List.of(a.address()));
        Path out = tmp.resolve("c.img");
        assertThatThrownBy(() -> c.api().get("img", out.toString()))
                .hasMessageStartingWith("1 of ").hasMessageContaining("chunks of image 'img' are not available");
        Cluster.await("a stops advertising the chunk it cannot produce", () -> {
            TableView.NodeRow row = io.ferry.testing.TableRows.row(c.api(), "a", "img");
            return row != null && row.relays() && !row.complete();
        });

        Member b = cluster.start("b", List.of(a.address()));
        importFile(b, img, false);
        Member c2 = cluster.start("c2", List.of(a.address(), b.address()));
        DeliveryResult r = c2.api().get("img", tmp.resolve("c2.img").toString());
        assertThat(Files.readAllBytes(tmp.resolve("c2.img"))).isEqualTo(Files.readAllBytes(img));
        assertThat(r.bytesFetchedByPeer().get("a")).as("the damaged holder still served the rest").isPositive();
    }

    @Test
    void theOnlyHolderRestartingMidDelivery_theDeliveryWaitsForItAndCompletes() throws Exception {
        Path img = TestData.write(tmp.resolve("img.raw"), TestData.random(21, 24 << 20)); // incompressible
        ServeOptions slow = new ServeOptions(1, 1, 6L << 20); // ~4 s: time to restart it mid-delivery
        Member a = cluster.start("a", List.of(), slow);
        importFile(a, img, false);
        Member c = cluster.start("c", List.of(a.address()));
        Path out = tmp.resolve("c.img");
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try {
            Future<DeliveryResult> got = bg.submit(() -> c.api().get("img", out.toString()));
            Cluster.await("c has some of the image", () -> io.ferry.testing.TableRows.row(c.api(), "c", "img") != null
                    && io.ferry.testing.TableRows.row(c.api(), "c", "img").chunksHeld() > 0);
            cluster.stop(a);
            assertThat(got.isDone()).as("the delivery was still running when its only holder stopped").isFalse();
            cluster.start("a", List.of(c.address()), slow); // same data directory, a new port
            DeliveryResult r = got.get(2, TimeUnit.MINUTES);
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(img));
            assertThat(r.bytesFetchedByPeer().get("a")).isPositive();
        } finally {
            bg.shutdownNow();
        }
    }
}
