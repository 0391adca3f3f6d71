package io.ferry.node;

import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageRecord;
import io.ferry.chunk.ChunkList;
import io.ferry.store.CacheLimit;
import io.ferry.store.CacheStore;
import io.ferry.store.LocalChunks;
import io.ferry.store.Seed;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LocalStores are this node's chunks as the catalog describes them: the seed files of its images (a
 * delivered output is one), the partial outputs of deliveries under way, and the cache, viewed for one
 * image or for serving peers, and kept within the cache bound.
 */
final class LocalStores {
    private final Catalog catalog;
    private final CacheStore cache;
    private final CacheLimit limit;
    private final Set<Seed> arriving = ConcurrentHashMap.newKeySet();
    private LocalChunks serving;
    private boolean stale = true;

    LocalStores(Catalog catalog, CacheStore cache, long cacheMax) {
        this.catalog = catalog;
        this.cache = cache;
        this.limit = new CacheLimit(cache, cacheMax, this::images, this::recordedSeeds);
    }

    /** Every local place the chunks of {@code wanted} can be read from. */
    LocalChunks forImage(ChunkList wanted) throws IOException {
        return LocalChunks.of(wanted, seeds(), cache);
    }

    /**
     * Every chunk this node can serve: all seeds, then the cache. Built once and kept until the node's
     * images change; never closed by callers (its files close when it is dropped).
     */
    synchronized LocalChunks serving() throws IOException {
        if (stale) {
            serving = LocalChunks.ofAll(seeds(), cache);
            stale = false;
        }
        return serving;
    }

    /** Notes that the set of images changed, so the serving view is rebuilt. */
    synchronized void imagesChanged() {
        stale = true;
    }

    /** Reads (and serves) from a delivery's partial output while it arrives, until the handle is closed. */
    Closeable arriving(Seed partial) {
        arriving.add(partial);
        imagesChanged();
        return () -> {
            arriving.remove(partial);
            imagesChanged();
        };
    }

    /** The seeds: image files whose chunks are read in place, and partial outputs arriving. */
    List<Seed> seeds() throws IOException {
        List<Seed> seeds = recordedSeeds();
        seeds.addAll(arriving);
        return seeds;
    }

    private List<Seed> recordedSeeds() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (ImageRecord r : catalog.images()) {
            if (r.holding() == ImageRecord.Holding.SEED) {
                seeds.add(new Seed(r.name(), r.seedFile(), catalog.manifestById(r.manifestId()).chunks(), r.seedSize(),
                        r.seedMtimeMillis()));
            }
        }
        return seeds;
    }

    /** The cache bound over what this node holds: gc, eviction, bounded copy imports. */
    CacheLimit limit() {
        return limit;
    }

    private List<ChunkList> images() throws IOException {
        List<ChunkList> images = new ArrayList<>();
        for (ImageRecord r : catalog.images()) {
            images.add(catalog.manifest(r).chunks());
        }
        return images;
    }
}
