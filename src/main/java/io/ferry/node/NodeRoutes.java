package io.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import io.ferry.catalog.TableEntry;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestDelta;
import io.ferry.store.LocalChunks;
import io.ferry.transfer.AdaptiveLevel;
import io.ferry.transfer.Batch;
import io.ferry.transfer.HttpExchange;
import io.ferry.transfer.HttpServer;
import io.ferry.transfer.Picks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NodeRoutes answers a node's HTTP requests (docs/protocol.md): chunks one at a time in casync's
 * layout, batches and picks of chunks as one zstd stream, manifests, the table, and the CLI's API.
 * Every name, id, index and size in a request is validated; only files this node holds as chunks,
 * manifests or seeds are ever read, and nothing is written on a peer's request.
 */
final class NodeRoutes implements HttpServer.Handler {
    private static final Pattern CHUNK = Pattern.compile("/([0-9a-f]{4})/([0-9a-f]{64})\\.cacnk");
    private static final Pattern MANIFEST = Pattern.compile("/v1/manifests/([0-9a-f]{64})");
    private static final Pattern MANIFEST_ZST = Pattern.compile("/v1/manifests/([0-9a-f]{64})\\.zst");
    private static final Pattern MANIFEST_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PICK = Pattern.compile("/v1/pick/([0-9a-f]{64})");
    private static final Pattern API = Pattern.compile("/api/([a-z]+)");
    /** The most chunk bytes one batch or pick response may carry. */
    static final long MAX_RESPONSE = 64L << 20;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NodeRoutes.class);
    private final Node node;
    private final NodeApi api;
    private final int level;
    private final AdaptiveLevel levels;
    private final io.ferry.transfer.RateLimiter upload;
    private final ObjectMapper json = new ObjectMapper();

    NodeRoutes(Node node, ServeOptions options) {
        this.node = node;
        this.api = NodeApi.borrow(node);
        this.level = options.leastLevel();
        this.levels = new AdaptiveLevel(options.leastLevel(), options.greatestLevel());
        this.upload = new io.ferry.transfer.RateLimiter(options.uploadBytesPerSecond());
    }

    @Override
    public void handle(HttpExchange ex) throws Exception {
        String path = ex.path();
        Matcher m;
        if (path.equals("/v1/table") && (ex.method().equals("GET") || ex.method().equals("POST"))) {
            if (ex.method().equals("POST")) {
                TableEntry caller = json.readValue(ex.body(), TableEntry.class);
                if (caller.address() != null && caller.version() > 0) {
                    node.catalog().cluster().merge(caller);
                }
            }
            table(ex);
        } else if (ex.method().equals("GET") && (m = CHUNK.matcher(path)).matches() && m.group(2).startsWith(m.group(1))) {
            chunk(ex, ChunkId.parseHex(m.group(2)));
        } else if (ex.method().equals("POST") && path.equals("/v1/batch")) {
            batch(ex, Batch.parseRequest(ex.body()));
        } else if (ex.method().equals("POST") && (m = PICK.matcher(path)).matches()) {
            pick(ex, m.group(1));
        } else if (ex.method().equals("GET") && (m = MANIFEST.matcher(path)).matches()) {
            if (!node.catalog().hasManifest(m.group(1))) {
                throw new HttpServer.NotFound("no manifest " + m.group(1) + " here");
            }
            ex.respond(200, "application/octet-stream", node.catalog().manifestBytes(m.group(1)));
        } else if (ex.method().equals("GET") && (m = MANIFEST_ZST.matcher(path)).matches()) {
            manifestInTransit(ex, m.group(1));
        } else if (ex.method().equals("POST") && (m = API.matcher(path)).matches()) {
            api(ex, m.group(1));
        } else {
            throw new HttpServer.NotFound("no such resource: " + ex.method() + " " + path);
        }
    }

    /**
     * A manifest as {@link ManifestDelta} sends it: compressed against whichever of the caller's
     * {@code base} manifests (at most four, all held here) makes it smallest, or alone.
     */
    private void manifestInTransit(HttpExchange ex, String id) throws IOException {
        if (!node.catalog().hasManifest(id)) {
            throw new HttpServer.NotFound("no manifest " + id + " here");
        }
        byte[] manifest = node.catalog().manifestBytes(id);
        byte[] best = ManifestDelta.encode(manifest, null, null);
        List<String> bases = ex.query().getOrDefault("base", List.of()).stream()
                .flatMap(b -> java.util.Arrays.stream(b.split(","))).distinct().limit(4).toList();
        for (String base : bases) {
            if (MANIFEST_ID.matcher(base).matches() && !base.equals(id) && node.catalog().hasManifest(base)) {
                byte[] patch = ManifestDelta.encode(manifest, base, node.catalog().manifestBytes(base));
                best = patch.length < best.length ? patch : best;
            }
        }
        ex.respond(200, "application/octet-stream", best);
    }

    private void table(HttpExchange ex) throws IOException {
        List<TableEntry> entries = new ArrayList<>();
        entries.add(node.selfEntry());
        entries.addAll(node.catalog().cluster().entries());
        TablePoller.Summary s = new TablePoller.Summary(node.id(), node.state().address(), entries);
        ex.respond(200, "application/json", json.writeValueAsBytes(s));
    }

    /** One chunk as casync stores it: the cached file as is (sendfile), or compressed from a seed. */
    private void chunk(HttpExchange ex, ChunkId id) throws IOException {
        io.ferry.store.CacheStore.Region cached = node.cache().locate(id);
        if (cached != null) {
            ex.sendFile(cached.file(), cached.offset(), cached.length(), "application/zstd");
            return;
        }
        LocalChunks here = node.servingChunks();
        int length = here.lengthOf(id);
        byte[] buf = new byte[Math.max(1, length)];
        if (length <= 0 || here.read(id, length, buf) == null) {
            throw new HttpServer.NotFound("no chunk " + id + " here");
        }
        ex.respond(200, "application/zstd", com.github.luben.zstd.Zstd.compress(
                java.util.Arrays.copyOf(buf, length), level));
    }

    private void batch(HttpExchange ex, List<ChunkId> ids) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Batch.Entry> found = new ArrayList<>();
        LocalChunks here = node.servingChunks();
        byte[] buf = new byte[io.ferry.chunk.ChunkerParams.LARGEST];
        for (ChunkId id : ids) {
            int length = here.lengthOf(id);
            if (length > 0 && here.read(id, length, buf) != null) {
                if (data.size() + (long) length > MAX_RESPONSE) {
                    throw new IllegalArgumentException("a batch may carry at most " + MAX_RESPONSE + " bytes");
                }
                data.write(buf, 0, length);
                found.add(new Batch.Entry(id, length));
            }
        }
        long t0 = System.nanoTime();
        String peer = peerHost(ex);
        AdaptiveLevel.Timed timed = levels.timed(upload.pace(ex.stream("application/x-ferry-batch")));
        try (OutputStream out = timed) {
            Batch.writeHeader(out, found);
            try (ZstdOutputStream z = new ZstdOutputStream(new io.ferry.transfer.NoCloseOutputStream(out), levels.level(peer))) {
                data.writeTo(z);
            }
        }
        levels.record(peer, timed, System.nanoTime() - t0);
    }

    /** The peer's host: what the adaptive level is kept for (its port changes per connection). */
    private static String peerHost(HttpExchange ex) {
        String r = ex.remote();
        int colon = r.lastIndexOf(':');
        return colon > 0 ? r.substring(0, colon) : r;
    }

    /** Chunks of a manifest named by index (see {@link Picks}), in index order, as one zstd stream. */
    private void pick(HttpExchange ex, String manifestId) throws IOException {
        if (!node.catalog().hasManifest(manifestId)) {
            throw new HttpServer.NotFound("no manifest " + manifestId + " here");
        }
        Manifest m = node.catalog().manifestById(manifestId);
        ChunkList c = m.chunks();
        int[] indices = Picks.parse(ex.body(), c.count());
        long payload = 0;
        for (int i : indices) {
            if (c.isZero(i)) {
                throw new IllegalArgumentException("chunk " + i + " of manifest " + manifestId + " is all zeros: not sent");
            }
            payload += c.length(i);
        }
        if (payload > MAX_RESPONSE) {
            throw new IllegalArgumentException("a pick may carry at most " + MAX_RESPONSE + " bytes");
        }
        LocalChunks here = node.servingChunks();
        byte[] buf = new byte[m.chunker().max()];
        long t0 = System.nanoTime();
        String peer = peerHost(ex);
        AdaptiveLevel.Timed out = levels.timed(upload.pace(ex.stream("application/x-ferry-pick")));
        // not try-with-resources: closing would end the response cleanly; on failure it must break
        ZstdOutputStream z = new ZstdOutputStream(out, levels.level(peer));
        for (int i : indices) {
            if (here.read(c.id(i), c.length(i), buf) == null) {
                // the table promised this chunk: break the response so the peer looks elsewhere
                throw new IOException("chunk " + i + " of manifest " + manifestId + " is not available here");
            }
            z.write(buf, 0, c.length(i));
        }
        z.close();
        long took = System.nanoTime() - t0;
        levels.record(peer, out, took);
        log.debug("pick of {} chunks ({} bytes) to {} in {} ms at level {}, {} ms waiting for the link", indices.length,
                payload, peer, took / 1_000_000, levels.level(peer), out.waitNanos() / 1_000_000);
    }

    private void api(HttpExchange ex, String verb) throws IOException {
        JsonNode a = ex.body().length == 0 ? json.createObjectNode() : json.readTree(ex.body());
        Object result;
        try {
            result = switch (verb) {
                case "import" -> api.importImage(json.treeToValue(a, FerryApi.ImportRequest.class));
                case "ls" -> api.images();
                case "inspect" -> api.inspect(text(a, "name"), a.path("chunks").asBoolean(false));
                case "get" -> api.get(text(a, "name"), text(a, "path"));
                case "diff" -> api.diff(text(a, "a"), text(a, "b"));
                case "verify" -> api.verify(a.path("name").isTextual() ? a.get("name").asText() : null);
                case "rm" -> {
                    api.remove(text(a, "name"));
                    yield Map.of();
                }
                case "gc" -> api.gc();
                case "table" -> api.table(a.path("image").isTextual() ? a.get("image").asText() : null);
                case "peers" -> api.peers();
                default -> throw new HttpServer.NotFound("no such verb: " + verb);
            };
        } catch (HttpServer.NotFound e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            ex.respond(422, "application/json", json.writeValueAsBytes(Map.of("error", String.valueOf(e.getMessage()))));
            return;
        }
        ex.respond(200, "application/json", json.writeValueAsBytes(result));
    }

    private static String text(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing argument '" + field + "'");
        }
        return v.asText();
    }
}
