package io.ferry.node;

import io.ferry.catalog.Bitmaps;
import io.ferry.catalog.ImageRecord;
import io.ferry.catalog.TableEntry;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkerParams;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * NodeApi runs the verbs on a {@link Node}. It owns the node when made with {@link #open} (the CLI
 * on a data directory) and only borrows it inside the daemon.
 */
public final class NodeApi implements FerryApi {
    private final Node node;
    private final boolean owns;
    private final LongConsumer progress;
    private final AtomicLong getProgress;

    public NodeApi(Node node, boolean owns, LongConsumer progress, AtomicLong getProgress) {
        this.node = node;
        this.owns = owns;
        this.progress = progress;
        this.getProgress = getProgress;
    }

    /** The verbs on a node the daemon already runs. */
    public static NodeApi borrow(Node node) {
        return new NodeApi(node, false, n -> { }, new AtomicLong());
    }

    @Override
    public ImportResult importImage(ImportRequest r) throws IOException {
        ChunkerParams.Kind kind = ChunkerParams.Kind.parse(r.chunker() == null ? "blockcdc" : r.chunker());
        int avg = r.avg() == null ? ChunkerParams.defaults().avg() : r.avg();
        return node.importer().run(Path.of(r.file()), r.name(), r.copy(), ChunkerParams.of(kind, avg), progress);
    }

    @Override
    public List<ImageView> images() throws IOException {
        List<ImageView> out = new ArrayList<>();
        for (ImageRecord r : node.images()) {
            out.add(new ImageView(r.name(), r.size(), r.sha256(), r.manifestId(), r.holding().label(),
                    r.seedFile() == null ? null : r.seedFile().toString()));
        }
        return out;
    }

    @Override
    public Map<String, Object> inspect(String name, boolean chunks) throws IOException {
        ImageRecord r = node.catalog().require(name);
        Manifest m = node.catalog().manifest(r);
        long bytes = Files.size(node.catalog().manifestPath(r.manifestId()));
        Map<String, Object> v = ManifestJson.view(m, r.manifestId(), (int) bytes, chunks);
        v.put("holding", r.holding().label());
        v.put("seed_file", r.seedFile() == null ? null : r.seedFile().toString());
        return v;
    }

    @Override
    public DeliveryResult get(String name, String path) throws IOException {
        return node.get(name, Path.of(path), getProgress);
    }

    @Override
    public DiffResult diff(String a, String b) throws IOException {
        return node.diff(a, b);
    }

    @Override
    public List<VerifyReport> verify(String name) throws IOException {
        return node.verify(name);
    }

    @Override
    public void remove(String name) throws IOException {
        node.remove(name);
    }

    @Override
    public GcResult gc() throws IOException {
        return node.gc();
    }

    @Override
    public Map<String, Object> table(String image) throws IOException {
        List<TableEntry> entries = new ArrayList<>();
        entries.add(node.selfEntry());
        entries.addAll(node.catalog().cluster().entries());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", node.id());
        if (image == null) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (TableEntry e : entries) {
                Map<String, RoaringBitmap> held = new LinkedHashMap<>();
                for (TableEntry.Holding h : e.holdings()) {
                    held.put(h.manifestId(), Bitmaps.fromBytes(h.bitmap()));
                }
                for (TableEntry.ImageEntry i : e.images()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("node", e.node());
                    row.put("address", e.address());
                    row.put("image", i.name());
                    row.put("manifest_id", i.manifestId());
                    row.put("size", i.size());
                    row.put("complete", i.complete());
                    RoaringBitmap b = held.get(i.manifestId());
                    row.put("chunks_held", b == null ? 0 : b.getLongCardinality());
                    row.put("version", e.version());
                    rows.add(row);
                }
            }
            out.put("images", rows);
            return out;
        }
        Manifest m = manifestNamed(image, entries);
        ChunkList c = m.chunks();
        List<List<String>> holders = new ArrayList<>(c.count());
        for (int i = 0; i < c.count(); i++) {
            holders.add(new ArrayList<>());
        }
        for (TableEntry e : entries) {
            for (TableEntry.Holding h : e.holdings()) {
                ChunkList other = h.manifestId().equals(idOf(image, entries)) ? c : knownChunks(h.manifestId());
                if (other == null) {
                    continue;
                }
                RoaringBitmap bits = Bitmaps.fromBytes(h.bitmap());
                Map<io.ferry.chunk.ChunkId, List<Integer>> want = other == c ? null : indexOf(c);
                bits.forEach((int k) -> {
                    if (k >= other.count()) {
                        return;
                    }
                    if (want == null) {
                        add(holders.get(k), e.node());
                    } else {
                        for (int j : want.getOrDefault(other.id(k), List.of())) {
                            add(holders.get(j), e.node());
                        }
                    }
                });
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < c.count(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", i);
            row.put("offset", c.offset(i));
            row.put("length", c.length(i));
            row.put("id", c.id(i).toString());
            row.put("zero", c.isZero(i));
            row.put("holders", c.isZero(i) ? List.of() : holders.get(i));
            rows.add(row);
        }
        out.put("image", image);
        out.put("manifest_id", idOf(image, entries));
        out.put("chunks", rows);
        return out;
    }

    private static void add(List<String> list, String node) {
        if (!list.contains(node)) {
            list.add(node);
        }
    }

    private static Map<io.ferry.chunk.ChunkId, List<Integer>> indexOf(ChunkList c) {
        Map<io.ferry.chunk.ChunkId, List<Integer>> m = new java.util.HashMap<>();
        for (int i = 0; i < c.count(); i++) {
            if (!c.isZero(i)) {
                m.computeIfAbsent(c.id(i), k -> new ArrayList<>()).add(i);
            }
        }
        return m;
    }

    private ChunkList knownChunks(String manifestId) {
        try {
            return node.catalog().hasManifest(manifestId) ? node.catalog().manifestById(manifestId).chunks() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String idOf(String image, List<TableEntry> entries) throws IOException {
        for (TableEntry e : entries) {
            for (TableEntry.ImageEntry i : e.images()) {
                if (i.name().equals(image)) {
                    return i.manifestId();
                }
            }
        }
        throw new io.ferry.catalog.UnknownImageException(image);
    }

    private Manifest manifestNamed(String image, List<TableEntry> entries) throws IOException {
        String id = idOf(image, entries);
        List<String> where = new ArrayList<>();
        for (TableEntry e : entries) {
            where.add(e.address());
        }
        return node.manifestFromPeers(id, where);
    }

    @Override
    public List<Map<String, Object>> peers() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Long> seen = node.catalog().cluster().lastSeen();
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (TableEntry e : node.catalog().cluster().entries()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("node", e.node());
            row.put("address", e.address());
            row.put("version", e.version());
            row.put("images", e.images().size());
            row.put("last_seen_ms_ago", System.currentTimeMillis() - seen.getOrDefault(e.node(), 0L));
            row.put("reachable", node.poller().reachable(e.address()));
            out.add(row);
            listed.add(e.address());
        }
        for (String a : node.poller().seeds()) {
            if (!listed.contains(a)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("node", null);
                row.put("address", a);
                row.put("reachable", node.poller().reachable(a));
                out.add(row);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (owns) {
            node.close();
        }
    }
}
