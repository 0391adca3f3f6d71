package io.ferry.store;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CacheLimit is {@code --cache-max} applied to one node's cache, given what the node holds: gc, eviction
 * down to the bound ({@link CacheBound}), and bounded copy imports ({@link CacheFill}).
 */
public final class CacheLimit {
    private static final Logger log = LoggerFactory.getLogger(CacheLimit.class);

    /** Part of what the node holds, read when asked (the node's images change). */
    @FunctionalInterface
    public interface Held<T> {
        List<T> get() throws IOException;
    }

    private final CacheStore cache;
    private final long maxBytes;
    private final Held<ChunkList> images;
    private final Held<Seed> seeds;

    /**
     * @param maxBytes the bound in bytes on disk; 0: none
     * @param images   the chunk lists of the node's images
     * @param seeds    the node's seed files
     */
    public CacheLimit(CacheStore cache, long maxBytes, Held<ChunkList> images, Held<Seed> seeds) {
        this.cache = cache;
        this.maxBytes = maxBytes;
        this.images = images;
        this.seeds = seeds;
    }

    /** Removes every cached chunk no image needs ({@code all}: gc), or evicts down to the bound. */
    public CacheBound.Outcome prune(boolean all) throws IOException {
        return prune(all, Set.of());
    }

    private CacheBound.Outcome prune(boolean all, Set<ChunkId> alsoKeep) throws IOException {
        CacheKeep keep = CacheKeep.of(images.get(), seeds.get(), alsoKeep);
        return new CacheBound(cache, all ? 0 : maxBytes).enforce(keep.mustKeep(), keep.needed(), all);
    }

    /** Evicts down to the bound, if one is set; says in the log when chunks it must keep hold it above. */
    public void enforce() throws IOException {
        if (maxBytes > 0) {
            long over = prune(false).overBytes();
            if (over > 0) {
                log.warn("the cache is {} over --cache-max {}: that much holds chunks of images here that no seed"
                        + " file provides", NoSpaceException.bytes(over), NoSpaceException.bytes(maxBytes));
            }
        }
    }

    /** Where a copy import puts its chunks: within the bound, or refused in one line that {@code what} begins. */
    public CacheFill copyInto(String what) throws IOException {
        CacheKeep keep = maxBytes > 0 ? CacheKeep.of(images.get(), seeds.get(), Set.of()) : null;
        return new CacheFill(cache, maxBytes, keep, alsoKeep -> prune(false, alsoKeep), what);
    }
}
