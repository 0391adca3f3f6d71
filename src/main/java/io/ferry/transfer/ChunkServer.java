package io.ferry.transfer;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import io.ferry.catalog.Catalog;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkerParams;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestDelta;
import io.ferry.manifest.ManifestId;
import io.ferry.store.CacheStore;
import io.ferry.store.CorruptChunkException;
import io.ferry.store.LocalChunks;
import io.ferry.store.MissingChunkException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ChunkServer is the serving side of the chunk protocol (docs/protocol.md): chunks one at a time at
 * casync's URLs, batches by id and picks by index as one zstd stream each, and manifests, whole or as a
 * patch. Every name, id, index and size in a request is validated, responses are streamed (never
 * buffered whole), and nothing but the node's chunks and manifests is ever read. Every request is checked
 * against the caller's verified identity ({@link Access}) before any work starts.
 */
public final class ChunkServer implements Routes {
    private static final Logger log = LoggerFactory.getLogger(ChunkServer.class);
    private static final Pattern CHUNK = Pattern.compile("/([0-9a-f]{4})/([0-9a-f]{64})\\.cacnk");
    private static final Pattern MANIFEST = Pattern.compile("/v1/manifests/([0-9a-f]{64})(\\.zst)?");
    private static final Pattern PICK = Pattern.compile("/v1/pick/([0-9a-f]{64})");
    /** The most chunk bytes one batch or pick response may carry (more is refused before any is read). */
    static final long MAX_RESPONSE = RequestLimits.MAX_BYTES;

    /** The view of every chunk this node can serve: its seeds, then its cache. */
    @FunctionalInterface
    public interface Served {
        LocalChunks chunks() throws IOException;
    }

    private final Catalog catalog;
    private final CacheStore cache;
    private final Served served;
    private final int level;
    private final AdaptiveLevel levels;
    private final RateLimiter upload;
    private final Access access;
    private final Consumer<ChunkId> lost;

    /**
     * @param lost told of every chunk this node listed or advertised but could not produce (gone, or its copy
     *             no longer matches its name), so it stops advertising it
     */
    public ChunkServer(Catalog catalog, CacheStore cache, Served served, ServeOptions options, Access access,
                       Consumer<ChunkId> lost) {
        this.access = access;
        this.lost = lost;
        this.catalog = catalog;
        this.cache = cache;
        this.served = served;
        this.level = options.leastLevel();
        this.levels = new AdaptiveLevel(options.leastLevel(), options.greatestLevel());
        this.upload = new RateLimiter(options.uploadBytesPerSecond());
    }

    @Override
    public boolean serve(HttpExchange ex) throws IOException {
        String path = ex.path();
        Matcher m;
        if (ex.method().equals("GET") && (m = CHUNK.matcher(path)).matches() && m.group(2).startsWith(m.group(1))) {
            ChunkId id = ChunkId.parseHex(m.group(2));
            check(access.chunks(ex.caller(), List.of(id)));
            chunk(ex, id);
        } else if (ex.method().equals("POST") && path.equals("/v1/batch")) {
            List<ChunkId> ids = Batch.parseRequest(ex.body());
            check(access.chunks(ex.caller(), ids));
            batch(ex, ids);
        } else if (ex.method().equals("POST") && (m = PICK.matcher(path)).matches()) {
            ManifestId id = ManifestId.parse(m.group(1));
            byte[] body = ex.body();
            Picks.checkLength(body.length); // before the manifest is looked up for it
            check(access.manifest(ex.caller(), id));
            pick(ex, body, manifest(id), id);
        } else if (ex.method().equals("GET") && (m = MANIFEST.matcher(path)).matches()) {
            ManifestId id = held(ManifestId.parse(m.group(1)));
            check(access.manifest(ex.caller(), id));
            ex.respond(200, "application/octet-stream", m.group(2) == null ? catalog.manifestBytes(id)
                    : ManifestDelta.smallest(id, catalog::manifestBytes, bases(ex, id)));
        } else {
            return false;
        }
        return true;
    }

    /** A refusal by policy is answered 403 with the rule that refused, and is not counted against the caller's health. */
    private static void check(io.ferry.trust.Policy.Decision d) {
        if (!d.allowed()) {
            throw new HttpServer.Forbidden(d.rule());
        }
    }

    /** {@code id}, if this node holds that manifest; else the request is answered 404. */
    private ManifestId held(ManifestId id) {
        if (!catalog.hasManifest(id)) {
            throw new HttpServer.NotFound("no manifest " + id + " here");
        }
        return id;
    }

    /** A held manifest, decoded (the catalog keeps decoded manifests: a pick does not re-read the file). */
    private Manifest manifest(ManifestId id) throws IOException {
        return catalog.manifestById(held(id));
    }

    /** The caller's {@code base} manifests (at most four) that this node also holds. */
    private List<ManifestId> bases(HttpExchange ex, ManifestId id) {
        return ex.query().getOrDefault("base", List.of()).stream()
                .flatMap(b -> Arrays.stream(b.split(","))).distinct().limit(4)
                .filter(b -> b.matches("[0-9a-f]{64}")).map(ManifestId::parse)
                .filter(b -> !b.equals(id) && catalog.hasManifest(b) && access.manifest(ex.caller(), b).allowed()).toList();
    }

    /**
     * One chunk as casync stores it: the cached frame as is, or compressed from a seed. The cached frame is
     * decompressed and hashed before it is sent (not sent straight from the pack): a flipped bit on disk
     * must never be served under the chunk's name. A corrupt copy is dropped and the chunk answered 404.
     */
    private void chunk(HttpExchange ex, ChunkId id) throws IOException {
        if (cache.has(id)) {
            try {
                ex.respond(200, "application/zstd", cache.verifiedFrame(id));
                return;
            } catch (CorruptChunkException e) {
                lost.accept(id);
                throw new HttpServer.NotFound("no good copy of chunk " + id + " here");
            } catch (MissingChunkException e) {
                // removed meanwhile: a seed may still have it
            }
        }
        LocalChunks here = served.chunks();
        int length = here.length(id);
        byte[] buf = new byte[Math.max(1, length)];
        try {
            if (length <= 0) {
                throw MissingChunkException.notIn(id, "this node");
            }
            here.read(id, length, buf);
        } catch (MissingChunkException e) {
            throw new HttpServer.NotFound("no chunk " + id + " here");
        }
        ex.respond(200, "application/zstd", Zstd.compress(Arrays.copyOf(buf, length), level));
    }

    /**
     * The chunks asked for that this node has, header first. Which it has is known from the index before
     * any is read; one that then fails to read is marked absent in the stream, so the caller asks someone
     * else for that chunk alone.
     */
    private void batch(HttpExchange ex, List<ChunkId> ids) throws IOException {
        LocalChunks here = served.chunks();
        List<Batch.Entry> found = new ArrayList<>();
        long payload = 0;
        for (ChunkId id : ids) {
            int length = here.length(id);
            if (length > 0) {
                found.add(new Batch.Entry(id, length));
                payload += length;
            }
        }
        checkBudget("batch", found.size(), payload);
        byte[] buf = new byte[ChunkerParams.LARGEST];
        stream(ex, "application/x-ferry-batch", found.size(), payload, (out, z) -> {
            Batch.writeHeader(out, found);
            for (Batch.Entry e : found) {
                send(z.get(), here, e.id(), e.length(), buf);
            }
        });
    }

    /** Chunks of a manifest named by index (see {@link Picks}), in index order, as one zstd stream. */
    private void pick(HttpExchange ex, byte[] body, Manifest m, ManifestId manifestId) throws IOException {
        ChunkList c = m.chunks();
        int[] indices = Picks.parse(body, c.count());
        long payload = 0;
        for (int i : indices) {
            if (c.isZero(i)) {
                throw new IllegalArgumentException("chunk " + i + " of manifest " + manifestId + " is all zeros: not sent");
            }
            payload += c.length(i);
        }
        checkBudget("pick", indices.length, payload);
        LocalChunks here = served.chunks();
        byte[] buf = new byte[m.chunker().max()];
        stream(ex, "application/x-ferry-pick", indices.length, payload, (out, z) -> {
            for (int i : indices) {
                send(z.get(), here, c.id(i), c.length(i), buf);
            }
        });
    }

    /**
     * Writes one chunk of an answer: its mark and bytes, or the mark that it is absent when this node cannot
     * produce it after all (the table promised it: the caller asks someone else for it, and this node stops
     * promising it).
     */
    private void send(OutputStream z, LocalChunks here, ChunkId id, int length, byte[] buf) throws IOException {
        try {
            here.read(id, length, buf);
        } catch (IOException e) { // missing, corrupt, or the disk under it failed: this chunk, not the answer
            log.warn("cannot serve chunk {}: {}", id, e.getMessage());
            lost.accept(id);
            z.write(ChunkReader.ABSENT);
            return;
        }
        z.write(ChunkReader.HERE);
        z.write(buf, 0, length);
    }

    /** Refuses (400) an answer larger than any the fetching side asks for, before a chunk is read. */
    private static void checkBudget(String kind, int chunks, long payload) {
        if (payload > MAX_RESPONSE) {
            throw new IllegalArgumentException("a " + kind + " may carry at most " + MAX_RESPONSE + " bytes of chunks; these "
                    + chunks + " chunks are " + payload + " bytes: ask for fewer at a time");
        }
    }

    /** Writes a response body: a plain part (a header), then one zstd stream. */
    private interface Body {
        void write(OutputStream plain, java.util.function.Supplier<ZstdOutputStream> compressed) throws IOException;
    }

    /**
     * Streams a response paced by the upload limit, at the peer's adaptive level. The zstd stream is
     * closed (ending the response cleanly) only when the body was written whole; on failure the
     * exchange is aborted, so the peer sees a broken response, never a short one.
     */
    private void stream(HttpExchange ex, String type, int chunks, long payload, Body body) throws IOException {
        long t0 = levels.now();
        String peer = peerHost(ex);
        int lvl = levels.level(peer);
        AdaptiveLevel.Timed out = levels.timed(upload.pace(ex.stream(type)));
        ZstdOutputStream[] z = new ZstdOutputStream[1];
        body.write(out, () -> {
            if (z[0] == null) {
                try {
                    z[0] = new ZstdOutputStream(new NoCloseOutputStream(out), lvl);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return z[0];
        });
        if (z[0] != null) {
            z[0].close();
        }
        out.close();
        long took = levels.now() - t0;
        long arrival = RequestLimits.arrival(ex.query());
        levels.record(peer, out, took, arrival);
        log.debug("{} of {} chunks ({} bytes, {} on the wire) to {} in {} ms at level {}, {} ms waiting for the link;"
                + " the previous answer arrived at {} B/s", type, chunks, payload, out.bytes(), peer, took / 1_000_000,
                lvl, out.waitNanos() / 1_000_000, arrival);
    }

    /** The peer's host: what the adaptive level is kept for (its port changes per connection). */
    private static String peerHost(HttpExchange ex) {
        String r = ex.remote();
        int colon = r.lastIndexOf(':');
        return colon > 0 ? r.substring(0, colon) : r;
    }
}
