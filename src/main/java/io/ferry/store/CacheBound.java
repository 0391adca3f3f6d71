package io.ferry.store;

import io.ferry.chunk.ChunkId;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * CacheBound removes cached chunks that no kept image needs: all of them (gc), or the least recently
 * used ones until the cache's size on disk is within the bound. Needed chunks are never evicted, so a
 * bound smaller than the kept images' chunks leaves the cache above it.
 */
public final class CacheBound {
    private final CacheStore cache;
    private final long maxBytes;

    public CacheBound(CacheStore cache, long maxBytes) {
        this.cache = cache;
        this.maxBytes = maxBytes;
    }

    /** What a collection or eviction removed and what remains, in chunks and bytes on disk. */
    public record Outcome(int removedChunks, long removedBytes, int keptChunks, long keptBytes) {
    }

    public Outcome enforce(Set<ChunkId> needed, boolean removeAllUnneeded) throws IOException {
        List<CacheStore.Entry> entries = cache.entries();
        long total = entries.stream().mapToLong(CacheStore.Entry::bytes).sum();
        if (!removeAllUnneeded && (maxBytes == 0 || total <= maxBytes)) {
            return new Outcome(0, 0, entries.size(), total);
        }
        entries.sort(Comparator.comparingLong(CacheStore.Entry::lastUsedMillis));
        int removed = 0;
        long freed = 0;
        for (CacheStore.Entry e : entries) {
            if (!removeAllUnneeded && total - freed <= maxBytes) {
                break;
            }
            if (!needed.contains(e.id())) {
                freed += cache.delete(e.id());
                removed++;
            }
        }
        // gc gives all the space back; a bound only rewrites packs that are mostly dead
        cache.compact(removeAllUnneeded);
        return new Outcome(removed, freed, entries.size() - removed, total - freed);
    }
}
