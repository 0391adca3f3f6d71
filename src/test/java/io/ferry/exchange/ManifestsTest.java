package io.ferry.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ferry.catalog.Catalog;
import io.ferry.chunk.ChunkSink;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.ChunkingPipeline;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestCodec;
import io.ferry.manifest.ManifestDelta;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.TestData;
import io.ferry.transfer.PeerClient;
import io.ferry.transfer.Transport;
import io.ferry.trust.NodeId;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching a manifest from holders of which the first never answers. */
class ManifestsTest {
    @TempDir
    Path dir;

    private static byte[] encoded() throws Exception {
        ZeroChunks zeros = new ZeroChunks();
        byte[] data = TestData.sparse(3, 300_000);
        ChunkerParams p = ChunkerParams.fastCdc(4096);
        try (ChunkingPipeline pipeline = new ChunkingPipeline(p, 2, zeros)) {
            ChunkingPipeline.Scan s = pipeline.scan(Channels.newChannel(new ByteArrayInputStream(data)), ChunkSink.NONE,
                    n -> { });
            return new ManifestCodec(zeros).encode(new Manifest("m", data.length, ImageDigest.of(s.digest().bytes()), p,
                    s.chunks()));
        }
    }

    private static HttpServer server(byte[] answer, CountDownLatch hold) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setExecutor(Executors.newCachedThreadPool());
        s.createContext("/", ex -> {
            try {
                hold.await(1, TimeUnit.MINUTES); // a holder that says nothing until the test ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, answer.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(answer);
            }
        });
        s.start();
        return s;
    }

    @Test
    void aHolderThatDoesNotAnswerDoesNotHoldTheManifestUp_theNextIsAskedToo() throws Exception {
        byte[] manifest = encoded();
        ManifestId id = ManifestCodec.id(manifest);
        CountDownLatch never = new CountDownLatch(1);
        HttpServer silent = server(new byte[0], never);
        HttpServer good = server(ManifestDelta.encode(manifest, null, null), new CountDownLatch(0));
        try (Catalog catalog = new Catalog(dir.resolve("catalog.db"), dir.resolve("manifests"), new ZeroChunks(),
                NodeId.of("me"))) {
            Manifests manifests = new Manifests(catalog, new PeerClient(new Transport(), Duration.ofMinutes(1)),
                    Clock.systemUTC());
            Manifest m = manifests.get(id, List.of("127.0.0.1:" + silent.getAddress().getPort(),
                    "127.0.0.1:" + good.getAddress().getPort()));
            assertThat(m.size()).isEqualTo(300_000);
            assertThat(catalog.hasManifest(id)).isTrue();
        } finally {
            never.countDown();
            silent.stop(0);
            good.stop(0);
        }
    }
}
