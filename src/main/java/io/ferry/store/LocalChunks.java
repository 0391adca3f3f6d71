package io.ferry.store;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import java.io.IOException;
import java.util.List;

/**
 * LocalChunks routes reads over this node's stores, cheapest first: seed files (a positional read)
 * before the cache (a read plus decompression). A chunk is missing only when every store lacks a good
 * copy. Thread-safe; closing it closes the seed files it opened (the cache is the node's).
 */
public final class LocalChunks implements ChunkStore, AutoCloseable {
    private final SeedStore seeds;
    private final List<ChunkStore> route;

    private LocalChunks(SeedStore seeds, ChunkStore cache) {
        this.seeds = seeds;
        this.route = List.of(seeds, cache);
    }

    /** The local copies of the chunks of {@code wanted}. */
    public static LocalChunks of(ChunkList wanted, List<Seed> seeds, ChunkStore cache) {
        return new LocalChunks(SeedStore.of(wanted, seeds), cache);
    }

    /** Every chunk this node holds: what it serves peers from. */
    public static LocalChunks ofAll(List<Seed> seeds, ChunkStore cache) {
        return new LocalChunks(SeedStore.ofAll(seeds), cache);
    }

    @Override
    public int length(ChunkId id) {
        for (ChunkStore s : route) {
            int n = s.length(id);
            if (n > 0) {
                return n;
            }
        }
        return -1;
    }

    @Override
    public Origin read(ChunkId id, int length, byte[] dst) throws IOException {
        MissingChunkException missing = null;
        for (ChunkStore s : route) {
            try {
                return s.read(id, length, dst);
            } catch (MissingChunkException e) {
                missing = missing == null || e instanceof CorruptChunkException ? e : missing;
            }
        }
        throw missing;
    }

    @Override
    public void close() throws IOException {
        seeds.close();
    }
}
