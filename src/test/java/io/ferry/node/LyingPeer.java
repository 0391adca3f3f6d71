package io.ferry.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.trust.NodeId;
import io.ferry.catalog.TableEntry;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestCodec;
import io.ferry.manifest.ManifestDelta;
import io.ferry.manifest.ManifestId;
import io.ferry.transfer.Batch;
import io.ferry.transfer.Picks;
import io.ferry.testing.Entries;
import io.ferry.trust.FactSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LyingPeer speaks Ferry's wire protocol and claims to hold every chunk of one manifest, but every
 * chunk it sends is random bytes of the right length: a peer with a corrupt disk, or a malicious one.
 */
final class LyingPeer implements AutoCloseable {
    private final HttpServer server;
    final AtomicInteger chunkRequests = new AtomicInteger();

    LyingPeer(byte[] manifestBytes) throws IOException {
        ManifestId id = ManifestCodec.id(manifestBytes);
        Manifest m = new ManifestCodec(new ZeroChunks()).decode(manifestBytes);
        ChunkList chunks = m.chunks();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String address = "127.0.0.1:" + server.getAddress().getPort();
        ObjectMapper json = new ObjectMapper();
        server.createContext("/v1/table", ex -> {
            // plaintext: its facts are unsigned, as every node's in this cluster; it claims to hold every chunk
            TableEntry self = Entries.entry(FactSigner.unsigned(NodeId.of("liar")), address, System.currentTimeMillis() * 1000,
                    List.of(), Entries.whole(id, chunks.count()));
            reply(ex, json.writeValueAsBytes(new io.ferry.transfer.TableSummary(NodeId.of("liar"), address, List.of(self))));
        });
        server.createContext("/v1/gossip", ex -> {
            TableEntry self = Entries.entry(FactSigner.unsigned(NodeId.of("liar")), address, System.currentTimeMillis() * 1000,
                    List.of(), Entries.whole(id, chunks.count()));
            reply(ex, gossip(ex.getRequestBody().readAllBytes(), List.of(self)));
        });
        server.createContext("/v1/manifests/", ex -> reply(ex, ex.getRequestURI().getPath().endsWith(".zst")
                ? ManifestDelta.encode(manifestBytes, null, null) : manifestBytes));
        server.createContext("/v1/batch", ex -> {
            chunkRequests.incrementAndGet();
            List<ChunkId> ids = Batch.parseRequest(ex.getRequestBody().readAllBytes());
            List<Batch.Entry> entries = new ArrayList<>();
            long total = 0;
            for (ChunkId cid : ids) {
                int len = lengthOf(chunks, cid);
                entries.add(new Batch.Entry(cid, len));
                total += len;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            Batch.writeHeader(body, entries);
            garbage(body, total);
            reply(ex, body.toByteArray());
        });
        server.createContext("/v1/pick/", ex -> {
            chunkRequests.incrementAndGet();
            long total = 0;
            for (int i : Picks.parse(ex.getRequestBody().readAllBytes(), chunks.count())) {
                total += chunks.length(i);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            garbage(body, total);
            reply(ex, body.toByteArray());
        });
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static int lengthOf(ChunkList chunks, ChunkId id) {
        for (int i = 0; i < chunks.count(); i++) {
            if (chunks.idMatches(i, id)) {
                return chunks.length(i);
            }
        }
        return 1;
    }

    private static void garbage(OutputStream out, long n) throws IOException {
        try (ZstdOutputStream z = new ZstdOutputStream(new io.ferry.transfer.NoCloseOutputStream(out))) {
            byte[] b = new byte[8192];
            SplittableRandom r = new SplittableRandom(7);
            for (long left = n; left > 0; left -= b.length) {
                r.nextBytes(b);
                z.write(b, 0, (int) Math.min(b.length, left));
            }
        }
    }

    /** A whole 200 answer (TricklingPeer answers its table and manifests the same way). */
    static void reply(HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The answer to a gossip request from a peer holding {@code entries}. */
    static byte[] gossip(byte[] request, List<TableEntry> entries) throws IOException {
        try {
            return io.ferry.testing.GossipAnswers.answer(request, entries);
        } catch (io.ferry.catalog.FactFormatException e) {
            throw new IOException(e);
        }
    }
}
