package io.ferry.store;

import java.nio.file.Path;

/** The asynchronous writer is a decorator: it keeps the contract of the cache beneath it. */
class CacheWriterContractTest extends WritableChunkStoreContract {
    private CacheStore cache;

    @Override
    Empty empty(Path dir) throws java.io.IOException {
        cache = new CacheStore(dir);
        CacheWriter writer = new CacheWriter(cache, 2, 4);
        return new Empty() {
            @Override
            public WritableChunkStore store() {
                return writer;
            }

            @Override
            public void settle() throws java.io.IOException {
                writer.finish();
            }
        };
    }

    @Override
    CacheStore cacheUnder(WritableChunkStore s) {
        return cache;
    }
}
