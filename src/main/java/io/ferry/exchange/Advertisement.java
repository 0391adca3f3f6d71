package io.ferry.exchange;

import io.ferry.catalog.Bitmaps;
import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageRecord;
import io.ferry.trust.NodeId;
import io.ferry.catalog.TableEntry;
import io.ferry.manifest.ManifestId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.roaringbitmap.RoaringBitmap;

/**
 * Advertisement is what this node tells its peers about itself: its images, and for every manifest it
 * holds chunks of, which ones, including images it is still delivering, so that other nodes can
 * fetch from it before it finishes (a swarm). The version moves forward on every change and starts
 * from the (injected) clock, so it keeps growing across restarts. Thread-safe.
 */
public final class Advertisement {
    private final NodeId id;
    private final Catalog catalog;
    private final java.time.Clock clock;
    private final AtomicLong version = new AtomicLong();
    private final Map<ManifestId, Delivering> delivering = new ConcurrentHashMap<>();
    private final Map<ManifestId, Integer> chunkCounts = new ConcurrentHashMap<>();
    private volatile String address;

    /** A delivery in progress: the image's name and the indices of its chunks settled so far. */
    private record Delivering(String name, long size, String sha256, int chunks, RoaringBitmap held) {
    }

    public Advertisement(NodeId id, Catalog catalog, java.time.Clock clock) {
        this.id = id;
        this.catalog = catalog;
        this.clock = clock;
        bump();
    }

    public NodeId id() {
        return id;
    }

    public String address() {
        return address;
    }

    public void address(String a) {
        this.address = a;
        bump();
    }

    /** Marks a change worth telling peers about; call it after the change, never before. */
    public void bump() {
        long now = clock.millis() * 1000;
        version.updateAndGet(v -> Math.max(v + 1, now));
    }

    public void startDelivery(ManifestId manifestId, String name, long size, String sha256, int chunks) {
        delivering.put(manifestId, new Delivering(name, size, sha256, chunks, new RoaringBitmap()));
        bump();
    }

    /** Records that chunk {@code index} of a delivery in progress is now held here. */
    public void held(ManifestId manifestId, int index) {
        Delivering d = delivering.get(manifestId);
        if (d != null) {
            synchronized (d.held()) {
                d.held().add(index);
            }
            bump();
        }
    }

    public void endDelivery(ManifestId manifestId) {
        delivering.remove(manifestId);
        bump();
    }

    /** This node's table entry as of now. */
    public TableEntry entry() throws IOException {
        List<TableEntry.ImageEntry> images = new ArrayList<>();
        List<TableEntry.Holding> holdings = new ArrayList<>();
        for (ImageRecord r : catalog.images()) {
            images.add(new TableEntry.ImageEntry(r.name(), r.manifestId(), r.size(), r.sha256(), true));
            int n = chunkCounts.computeIfAbsent(r.manifestId(), id -> count(catalog, r));
            holdings.add(new TableEntry.Holding(r.manifestId(), n, true, Bitmaps.toBytes(Bitmaps.all(n))));
        }
        for (Map.Entry<ManifestId, Delivering> e : delivering.entrySet()) {
            Delivering d = e.getValue();
            images.add(new TableEntry.ImageEntry(d.name(), e.getKey(), d.size(), d.sha256(), false));
            byte[] bits;
            synchronized (d.held()) {
                bits = Bitmaps.toBytes(d.held().clone());
            }
            holdings.add(new TableEntry.Holding(e.getKey(), d.chunks(), false, bits));
        }
        return new TableEntry(id, address, version.get(), images, holdings);
    }

    /** This node's entry, or an empty one when the catalog cannot be read (peers still learn the address). */
    public TableEntry entryOrEmpty() {
        try {
            return entry();
        } catch (IOException e) {
            return new TableEntry(id, address, 0, List.of(), List.of());
        }
    }

    private static int count(Catalog catalog, ImageRecord r) {
        try {
            return catalog.manifest(r).chunks().count();
        } catch (IOException e) {
            return 0;
        }
    }
}
