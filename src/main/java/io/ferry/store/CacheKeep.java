package io.ferry.store;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CacheKeep is what the cache must keep, worked out from the images a node holds and its seed files.
 *
 * @param needed   every non-zero chunk of every image (gc removes only the rest)
 * @param mustKeep needed chunks that no seed file provides: the cache is their only copy, never evicted
 * @param inSeeds  chunks a seed file provides: a cached copy of one is redundant
 */
public record CacheKeep(Set<ChunkId> needed, Set<ChunkId> mustKeep, Set<ChunkId> inSeeds) {

    /** @param alsoKeep chunks kept as if an image needed them and no seed had them (an import under way) */
    public static CacheKeep of(List<ChunkList> images, List<Seed> seeds, Set<ChunkId> alsoKeep) {
        Set<ChunkId> inSeeds = new HashSet<>();
        for (Seed s : seeds) {
            s.chunks().forEachNonZero((i, id) -> inSeeds.add(id));
        }
        Set<ChunkId> needed = new HashSet<>(alsoKeep);
        Set<ChunkId> mustKeep = new HashSet<>(alsoKeep);
        for (ChunkList c : images) {
            c.forEachNonZero((i, id) -> {
                if (needed.add(id) && !inSeeds.contains(id)) {
                    mustKeep.add(id);
                }
            });
        }
        return new CacheKeep(needed, mustKeep, inSeeds);
    }

    /** Whether a cached copy of {@code id} adds nothing the cache did not have to keep already. */
    boolean free(ChunkId id) {
        return mustKeep.contains(id) || inSeeds.contains(id);
    }

    /** The bytes the cache's packs hold for chunks it must keep. */
    long keptBytes(CacheStore cache) {
        long n = 0;
        for (ChunkId id : mustKeep) {
            n += CacheBound.recordBytes(cache, id);
        }
        return n;
    }
}
