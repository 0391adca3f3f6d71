package io.ferry.store;

import io.ferry.chunk.ChunkId;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * CacheFill puts the chunks of one copy import into a bounded cache. Chunks the cache must keep for it
 * (not already kept for another image, provided by no seed) are counted, and once they pass the room
 * the bound leaves, the fill stops with a {@link CacheFullException} instead of exceeding it. As it grows
 * it has the cache make room (evicting what the bound may evict, never the chunks added here), so the
 * files stay near the bound during the import, not only after it. Thread-safe.
 */
public final class CacheFill {
    /** Evicts down to the bound, keeping {@code alsoKeep} as well as what images need. */
    @FunctionalInterface
    public interface MakeRoom {
        void keeping(Set<ChunkId> alsoKeep) throws IOException;
    }

    private final CacheStore cache;
    private final long maxBytes;
    private final long keptBytes;
    private final CacheKeep keep;
    private final MakeRoom makeRoom;
    private final String what;
    private final Set<ChunkId> added = ConcurrentHashMap.newKeySet();
    private final AtomicLong counted = new AtomicLong();
    private final AtomicLong sinceRoom = new AtomicLong();
    private final ReentrantLock making = new ReentrantLock();
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    /** The refusal's line, once the fill passed the room (null before); written under the gate's write lock. */
    private volatile String refusal;

    /**
     * @param maxBytes the bound ({@code --cache-max}); 0: unbounded, nothing is counted
     * @param keep     what the cache keeps already for the images held (chunks it keeps or a seed has do not count)
     * @param what     the start of the refusal's line, e.g. "cannot import /a/v1.raw as 'v1' with --copy"
     */
    public CacheFill(CacheStore cache, long maxBytes, CacheKeep keep, MakeRoom makeRoom, String what) {
        this.cache = cache;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.keptBytes = maxBytes > 0 ? keep.keptBytes(cache) : 0;
        this.makeRoom = makeRoom;
        this.what = what;
    }

    public void put(ChunkId id, byte[] data, int off, int len) throws IOException {
        boolean over;
        gate.readLock().lock(); // puts run side by side; a refusal waits for them and turns away the rest
        try {
            if (refusal != null) {
                throw new CacheFullException(refusal);
            }
            // counted before it is stored, so that room made meanwhile never evicts it
            boolean counts = maxBytes > 0 && !keep.free(id) && added.add(id);
            cache.put(id, data, off, len);
            if (!counts) {
                return;
            }
            long n = CacheBound.recordBytes(cache, id);
            over = keptBytes + counted.addAndGet(n) > maxBytes;
            // make room every eighth of the bound: a handful of passes over the index per import
            if (!over && sinceRoom.addAndGet(n) >= Math.max(1, maxBytes / 8) && making.tryLock()) {
                try {
                    sinceRoom.set(0);
                    makeRoom.keeping(added);
                } finally {
                    making.unlock();
                }
            }
        } finally {
            gate.readLock().unlock();
        }
        if (over) {
            refuse();
        }
    }

    /**
     * Stops the fill: once the puts in progress on other threads are done (so none lands after it), what
     * it stored is evicted again (it is no image's), and every later put is refused without storing.
     */
    private void refuse() throws IOException {
        gate.writeLock().lock();
        try {
            if (refusal == null) {
                refusal = what + ": its chunks need more than the " + NoSpaceException.bytes(room())
                        + " the cache may still hold (--cache-max " + NoSpaceException.bytes(maxBytes) + ", of which "
                        + NoSpaceException.bytes(keptBytes) + " keeps other images' chunks that no seed file provides);"
                        + " import it without --copy, or raise --cache-max";
                makeRoom.keeping(Set.of());
            }
        } finally {
            gate.writeLock().unlock();
        }
        throw new CacheFullException(refusal);
    }

    private long room() {
        return Math.max(0, maxBytes - keptBytes);
    }

    /** The chunks this fill counted: those the cache now keeps for the import. */
    public Set<ChunkId> added() {
        return added;
    }
}
