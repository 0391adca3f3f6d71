package io.ferry.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import com.sun.net.httpserver.HttpServer;
import io.ferry.catalog.TableEntry;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestCodec;
import io.ferry.manifest.ManifestDelta;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Entries;
import io.ferry.transfer.Picks;
import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TricklingPeer speaks Ferry's wire protocol and holds every chunk of one image, truly: it answers picks
 * with the right bytes, as a valid zstd stream, but sends it a byte every {@code pauseMillis} — a peer
 * behind a dying link, or one that means to hold deliveries hostage. Batches it does not serve (404).
 */
final class TricklingPeer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    /** Released when the test closes this peer: every trickle ends at once, not at its next byte. */
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    final AtomicInteger chunkRequests = new AtomicInteger();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong bytesAsked = new AtomicLong();

    TricklingPeer(byte[] manifestBytes, Path image, long pauseMillis) throws IOException {
        ManifestId id = ManifestCodec.id(manifestBytes);
        Manifest m = new ManifestCodec(new ZeroChunks()).decode(manifestBytes);
        ChunkList chunks = m.chunks();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        String address = "127.0.0.1:" + server.getAddress().getPort();
        ObjectMapper json = new ObjectMapper();
        server.createContext("/v1/table", ex -> {
            long version = System.currentTimeMillis() * 1000;
            FactSigner me = FactSigner.unsigned(NodeId.of("trickler"));
            TableEntry self = Entries.entry(me, address, version,
                    List.of(Entries.binding(me, version, m.name(), id, m.size(), m.digest())), Entries.whole(id, chunks.count()));
            LyingPeer.reply(ex, json.writeValueAsBytes(new io.ferry.transfer.TableSummary(NodeId.of("trickler"), address,
                    List.of(self))));
        });
        server.createContext("/v1/gossip", ex -> {
            long version = System.currentTimeMillis() * 1000;
            FactSigner me = FactSigner.unsigned(NodeId.of("trickler"));
            TableEntry self = Entries.entry(me, address, version,
                    List.of(Entries.binding(me, version, m.name(), id, m.size(), m.digest())), Entries.whole(id, chunks.count()));
            LyingPeer.reply(ex, LyingPeer.gossip(ex.getRequestBody().readAllBytes(), List.of(self)));
        });
        server.createContext("/v1/manifests/", ex -> LyingPeer.reply(ex, ex.getRequestURI().getPath().endsWith(".zst")
                ? ManifestDelta.encode(manifestBytes, null, null) : manifestBytes));
        server.createContext("/v1/pick/", ex -> {
            chunkRequests.incrementAndGet();
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
                for (int i : Picks.parse(ex.getRequestBody().readAllBytes(), chunks.count())) {
                    byte[] b = new byte[chunks.length(i)];
                    f.seek(chunks.offset(i));
                    f.readFully(b);
                    plain.write(1);
                    plain.writeBytes(b);
                    bytesAsked.addAndGet(b.length);
                }
            }
            byte[] body = Zstd.compress(plain.toByteArray(), 3);
            ex.sendResponseHeaders(200, 0);
            try (OutputStream o = ex.getResponseBody()) {
                for (byte b : body) {
                    o.write(b);
                    o.flush();
                    bytesSent.incrementAndGet();
                    // the pause is this peer's link speed, not a wait for anything: the fetcher must give up
                    // on it, however fast or loaded the machine; closing the peer ends it at once
                    if (closed.await(pauseMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        break;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the fetcher gave up on it, or the test ended: either is what it deserves
            }
        });
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
