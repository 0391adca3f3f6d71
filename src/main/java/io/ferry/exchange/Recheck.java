package io.ferry.exchange;

import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageRecord;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import io.ferry.store.ChunkStore;
import io.ferry.store.MissingChunkException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recheck is what a node does when it finds it cannot produce a chunk it advertised: that chunk stops
 * being advertised at once ({@link Advertisement#cannotServe}), and every image held here that contains
 * it is re-read in the background, one thread, chunk by chunk through the node's own stores (which
 * verify every read), so the rest of the damage is found before a peer runs into it, and chunks that read
 * well again (a seed file put back) are advertised again. One bad chunk costs one chunk, not a holder.
 */
public final class Recheck implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Recheck.class);

    /** The stores this node serves from, as they are now. */
    @FunctionalInterface
    public interface Stores {
        ChunkStore serving() throws IOException;
    }

    private final Catalog catalog;
    private final Advertisement advertisement;
    private final Stores stores;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(io.ferry.util.Threads.daemon("recheck"));
    /** Images queued for a re-check and not started yet (a flurry of reports queues one pass). */
    private final Set<ManifestId> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Recheck(Catalog catalog, Advertisement advertisement, Stores stores) {
        this.catalog = catalog;
        this.advertisement = advertisement;
        this.stores = stores;
    }

    /** This node could not produce chunk {@code id}: stop promising it, and re-check the images it is part of. */
    public void lost(ChunkId id) {
        if (!advertisement.cannotServe(id)) {
            return; // known already: a re-check has been queued for it
        }
        try {
            for (ImageRecord r : catalog.images()) {
                ChunkList c = catalog.manifestById(r.manifestId()).chunks();
                if (contains(c, id) && queued.add(r.manifestId())) {
                    worker.execute(() -> check(r));
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot queue a re-check after losing chunk {}: {}", id, e.getMessage());
        }
    }

    private static boolean contains(ChunkList c, ChunkId id) {
        boolean[] found = {false};
        c.forEachNonZero((i, x) -> found[0] |= x.equals(id));
        return found[0];
    }

    private void check(ImageRecord r) {
        queued.remove(r.manifestId());
        int bad = 0;
        try {
            ChunkList c = catalog.manifestById(r.manifestId()).chunks();
            ChunkStore here = stores.serving();
            byte[] buf = new byte[io.ferry.chunk.ChunkerParams.LARGEST];
            Set<ChunkId> seen = new HashSet<>();
            for (int i = 0; i < c.count(); i++) {
                if (c.isZero(i) || !seen.add(c.id(i))) {
                    continue;
                }
                try {
                    here.read(c.id(i), c.length(i), buf);
                    advertisement.canServe(c.id(i));
                } catch (MissingChunkException e) {
                    advertisement.cannotServe(c.id(i));
                    bad++;
                }
            }
            log.warn("re-checked image '{}' after a chunk of it could not be served: {} of its {} distinct chunks cannot"
                    + " be produced here and are no longer advertised", r.name(), bad, seen.size());
        } catch (IOException | RuntimeException e) {
            log.warn("re-check of image '{}' failed: {}", r.name(), e.getMessage());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
