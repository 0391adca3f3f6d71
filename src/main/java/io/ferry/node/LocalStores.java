package io.ferry.node;

import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageRecord;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.store.CacheBound;
import io.ferry.store.CacheStore;
import io.ferry.store.LocalChunks;
import io.ferry.store.Seed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * LocalStores are this node's chunks as the catalog describes them: the seed files of its images and
 * the cache, viewed for one image or for serving peers, and kept within the cache bound.
 */
final class LocalStores {
    private final Catalog catalog;
    private final CacheStore cache;
    private final long cacheMax;
    private LocalChunks serving;
    private boolean stale = true;

    LocalStores(Catalog catalog, CacheStore cache, long cacheMax) {
        this.catalog = catalog;
        this.cache = cache;
        this.cacheMax = cacheMax;
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

    /** The seed images: files whose chunks are read in place. */
    List<Seed> seeds() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (ImageRecord r : catalog.images()) {
            if (r.holding() == ImageRecord.Holding.SEED) {
                seeds.add(new Seed(r.name(), r.seedFile(), catalog.manifestById(r.manifestId()).chunks(), r.seedSize(),
                        r.seedMtimeMillis()));
            }
        }
        return seeds;
    }

    /** Removes every cached chunk no image here needs ({@code all}), or evicts down to the bound. */
    CacheBound.Outcome prune(boolean all) throws IOException {
        return new CacheBound(cache, all ? 0 : cacheMax).enforce(neededChunks(), all);
    }

    /** Evicts least recently used unneeded chunks until the cache fits {@code --cache-max}, if set. */
    void enforceBound() throws IOException {
        if (cacheMax > 0) {
            prune(false);
        }
    }

    /** The non-zero chunks of every image this node keeps. */
    private Set<ChunkId> neededChunks() throws IOException {
        Set<ChunkId> needed = new HashSet<>();
        for (ImageRecord r : catalog.images()) {
            catalog.manifest(r).chunks().forEachNonZero((i, id) -> needed.add(id));
        }
        return needed;
    }
}
