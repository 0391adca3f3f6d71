package io.ferry.store;

import io.ferry.chunk.ChunkId;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * CacheBound keeps the cache within {@code --cache-max} on disk, or empties it of what no image needs
 * (gc). Under the bound it evicts, least recently used first, chunks no image needs, then chunks a seed
 * file also provides (a redundant copy: the image still reads them in place); it never evicts a chunk
 * in {@code mustKeep}, which only the cache provides. Those are kept out of the cache beforehand: a copy
 * import that would not fit is refused ({@link CacheFill}), so the bound is exceeded only when it is set
 * below what the cache already had to keep, and {@link Outcome#overBytes()} says by how much.
 */
public final class CacheBound {
    private final CacheStore cache;
    private final long maxBytes;

    public CacheBound(CacheStore cache, long maxBytes) {
        this.cache = cache;
        this.maxBytes = maxBytes;
    }

    /**
     * What a collection or eviction removed and what remains, in chunks and bytes on disk;
     * {@code overBytes}: how far the chunks that must stay hold the cache above the bound (0: within it).
     */
    public record Outcome(int removedChunks, long removedBytes, int keptChunks, long keptBytes, long overBytes) {
    }

    /**
     * @param mustKeep chunks an image needs that no seed provides: never removed
     * @param needed   chunks any image needs (a superset of {@code mustKeep}): gc keeps them all
     */
    public Outcome enforce(Set<ChunkId> mustKeep, Set<ChunkId> needed, boolean removeAllUnneeded) throws IOException {
        List<CacheStore.Entry> entries = cache.entries();
        long total = entries.stream().mapToLong(CacheStore.Entry::bytes).sum();
        int removed = 0;
        long freed = 0;
        if (removeAllUnneeded || (maxBytes > 0 && total > maxBytes)) {
            entries.sort(Comparator.comparingLong(CacheStore.Entry::lastUsedMillis));
            // unneeded chunks go first: losing one loses nothing held; a redundant copy only if that is not enough
            for (Set<ChunkId> keep : removeAllUnneeded ? List.of(needed) : List.of(needed, mustKeep)) {
                for (CacheStore.Entry e : entries) {
                    if (!removeAllUnneeded && total - freed <= maxBytes) {
                        break;
                    }
                    if (!keep.contains(e.id()) && recordBytes(cache, e.id()) > 0) {
                        freed += cache.delete(e.id());
                        removed++;
                    }
                }
            }
        }
        // gc gives all the space back; a bound rewrites packs that are mostly dead, and all of them if the
        // dead records alone would hold the files above it
        cache.compact(removeAllUnneeded);
        if (!removeAllUnneeded && maxBytes > 0 && cache.diskBytes() > maxBytes) {
            cache.compact(true);
        }
        long kept = total - freed;
        return new Outcome(removed, freed, entries.size() - removed, kept, maxBytes > 0 ? Math.max(0, kept - maxBytes) : 0);
    }

    /** The bytes chunk {@code id}'s record takes in a pack (what the bound counts); 0 when it is not cached. */
    static long recordBytes(CacheStore cache, ChunkId id) {
        CacheStore.Region r = cache.locate(id);
        return r == null ? 0 : PackScan.HEADER + r.length();
    }
}
