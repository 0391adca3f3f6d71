package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.DeliveryResult;
import io.ferry.api.ImageView;
import io.ferry.api.ImportRequest;
import io.ferry.api.TableView;
import io.ferry.testing.Cluster;
import io.ferry.testing.Cluster.Member;
import io.ferry.testing.TestData;
import io.ferry.transfer.ServeOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One copy on disk (issue 11): a delivered output is its image's seed, nothing fetched is cached, and
 * peers are served from the output while and after it arrives. Real nodes on loopback.
 */
class OneCopyTest {
    @TempDir
    Path tmp;
    private Cluster cluster;
    private Path img;

    @BeforeEach
    void cluster() throws Exception {
        cluster = new Cluster(tmp.resolve("nodes"));
        img = TestData.write(tmp.resolve("img.raw"), TestData.sparse(7, 8 << 20));
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private static void importFile(Member m, Path file, String name, boolean copy) throws Exception {
        m.api().importImage(new ImportRequest(file.toString(), name, copy, null, null));
    }

    /** Bytes in {@code member}'s cache packs. */
    private long cacheBytes(String member) throws Exception {
        Path cache = tmp.resolve("nodes").resolve(member).resolve("cache");
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.toString().endsWith(".pack")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static TableView.NodeRow row(Member on, String holder) throws Exception {
        return io.ferry.testing.TableRows.row(on.api(), holder, "img");
    }

    private static ImageView image(Member m) throws Exception {
        return m.api().images().stream().filter(i -> i.name().equals("img")).findFirst().orElseThrow();
    }

    @Test
    void delivered_nothingCached_outputIsTheSeed_servesAThirdNodeAfterTheOriginStops_andRmKeepsIt() throws Exception {
        Member a = cluster.start("a", List.of());
        Member b = cluster.start("b", List.of(a.address()));
        importFile(a, img, null, false);
        Path out = tmp.resolve("b.img");
        DeliveryResult r = b.api().get("img", out.toString());
        assertThat(r.bytesFetched()).isPositive();
        assertThat(Files.mismatch(out, img)).isEqualTo(-1);
        assertThat(cacheBytes("b")).as("b's cache after delivering 8 MiB").isZero();
        assertThat(image(b).holding()).isEqualTo("seed");
        assertThat(image(b).seedFile()).isEqualTo(out.toRealPath().toString());
        assertThat(b.api().verify("img").get(0).ok()).isTrue();

        Member c = cluster.start("c", List.of(b.address()));
        Cluster.await("c knows b holds img whole", () -> row(c, "b") != null && row(c, "b").complete());
        cluster.stop(a);
        Path fromB = tmp.resolve("c.img");
        DeliveryResult rc = c.api().get("img", fromB.toString());
        assertThat(Files.mismatch(fromB, img)).isEqualTo(-1);
        assertThat(rc.bytesFetchedByPeer()).containsOnlyKeys("b");

        b.api().remove("img");
        assertThat(Files.mismatch(out, img)).as("rm leaves the user's output file alone").isEqualTo(-1);
    }

    @Test
    void partialOutput_servedWhileItArrives() throws Exception {
        // a sends slowly, so b is still delivering when c asks
        Member a = cluster.start("a", List.of(), new ServeOptions(1, 1, 2 << 20));
        Member b = cluster.start("b", List.of(a.address()));
        Member c = cluster.start("c", List.of(a.address(), b.address()));
        importFile(a, img, null, false);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<DeliveryResult> toB = pool.submit(() -> b.api().get("img", tmp.resolve("b.img").toString()));
            Cluster.await("c sees b holding part of img", () -> {
                TableView.NodeRow held = row(c, "b");
                return held != null && !held.complete() && held.chunksHeld() > 0;
            });
            assertThat(toB.isDone()).isFalse();
            assertThat(cacheBytes("b")).isZero();
            DeliveryResult rc = c.api().get("img", tmp.resolve("c.img").toString());
            assertThat(Files.mismatch(tmp.resolve("c.img"), img)).isEqualTo(-1);
            assertThat(rc.bytesFetchedByPeer().getOrDefault("b", 0L)).as("bytes c had from b's partial output").isPositive();
            toB.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.mismatch(tmp.resolve("b.img"), img)).isEqualTo(-1);
    }

    @Test
    void modifiedOutput_chunksMissingNotWrong_andAThirdNodeCompletesFromElsewhere() throws Exception {
        Member a = cluster.start("a", List.of());
        Member b = cluster.start("b", List.of(a.address()));
        importFile(a, img, null, false);
        Path out = tmp.resolve("b.img");
        b.api().get("img", out.toString());
        long data = firstData(out);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) { // a VM writing to its disk
            ch.write(ByteBuffer.wrap(TestData.random(9, 64 << 10)), data);
        }
        assertThat(b.api().verify("img").get(0).missingChunks()).isPositive();
        String hit = a.api().inspect("img", true).chunkList().stream()
                .filter(k -> k.offset() <= data && data < k.offset() + k.length()).findFirst().orElseThrow().id();

        HttpResponse<byte[]> asked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + b.address() + "/" + hit.substring(0, 4) + "/" + hit + ".cacnk")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(asked.statusCode()).as("a chunk b's output no longer holds is absent, never wrong").isEqualTo(404);
        // a batch that meets it, as a fetching peer's would, makes b stop claiming it (exchange.Recheck)
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + b.address() + "/v1/batch"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(io.ferry.transfer.Batch.request(
                        List.of(io.ferry.chunk.ChunkId.parseHex(hit))))).build(), HttpResponse.BodyHandlers.ofByteArray());

        Member c = cluster.start("c", List.of(a.address(), b.address()));
        // b may go on claiming the chunk: c asks b, is told it is missing, and takes it from a
        Cluster.await("c knows b holds img", () -> row(c, "b") != null);
        Path toC = tmp.resolve("c.img");
        DeliveryResult rc = c.api().get("img", toC.toString());
        assertThat(Files.mismatch(toC, img)).isEqualTo(-1);
        assertThat(rc.bytesFetchedByPeer().get("a")).as("what b lost came from a").isPositive();
    }

    @Test
    void allChunksHereAlready_noFetch_theOutputIsStillTheSeed() throws Exception {
        Member a = cluster.start("a", List.of());
        Member b = cluster.start("b", List.of(a.address()));
        importFile(a, img, null, false);
        importFile(b, img, "other", false);
        Path out = tmp.resolve("b.img");
        DeliveryResult r = b.api().get("img", out.toString());
        assertThat(r.bytesFetched()).isZero();
        assertThat(image(b).holding()).isEqualTo("seed");
        assertThat(image(b).seedFile()).isEqualTo(out.toRealPath().toString());
    }

    @Test
    void catalogLost_deliveredImageRebuiltFromItsRecord() throws Exception {
        Member a = cluster.start("a", List.of());
        Member b = cluster.start("b", List.of(a.address()));
        importFile(a, img, null, false);
        Path out = tmp.resolve("b.img");
        b.api().get("img", out.toString());
        cluster.stop(b);
        Path dir = tmp.resolve("nodes").resolve("b");
        for (String s : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(dir.resolve("catalog.db" + s));
        }
        Member b2 = cluster.start("b", List.of());
        assertThat(image(b2).holding()).isEqualTo("seed");
        assertThat(image(b2).seedFile()).isEqualTo(out.toRealPath().toString());
        assertThat(b2.api().verify("img").get(0).ok()).isTrue();
    }

    /** The offset of the first non-zero byte of {@code f}. */
    private static long firstData(Path f) throws Exception {
        byte[] all = Files.readAllBytes(f);
        for (int i = 0; i < all.length; i++) {
            if (all[i] != 0) {
                return i;
            }
        }
        throw new AssertionError(f + " is all zeros");
    }
}
