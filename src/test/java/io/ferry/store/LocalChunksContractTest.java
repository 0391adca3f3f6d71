package io.ferry.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The router over a seed (the first half of the chunks) and the cache (the rest). */
class LocalChunksContractTest extends ChunkStoreContract {
    @Override
    Fixture holding(Path dir, List<byte[]> chunks) throws IOException {
        int half = chunks.size() / 2;
        Seed seed = SeedStoreContractTest.seedOf(dir.resolve("image.raw"), chunks.subList(0, half));
        CacheStore cache = new CacheStore(dir.resolve("cache"));
        for (byte[] c : chunks.subList(half, chunks.size())) {
            cache.put(id(c), c, 0, c.length);
        }
        LocalChunks store = LocalChunks.ofAll(List.of(seed), cache);
        return new Fixture(store, id -> {
            if (cache.length(id) > 0) {
                CacheStoreTest.flipByteOf(cache, id);
            } else {
                SeedStoreContractTest.flipByteOf(seed, id);
            }
        });
    }
}
