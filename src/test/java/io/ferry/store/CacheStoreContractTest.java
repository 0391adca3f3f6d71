package io.ferry.store;

import java.nio.file.Path;

class CacheStoreContractTest extends WritableChunkStoreContract {
    @Override
    Empty empty(Path dir) throws java.io.IOException {
        CacheStore cache = new CacheStore(dir);
        return new Empty() {
            @Override
            public WritableChunkStore store() {
                return cache;
            }

            @Override
            public void settle() {
            }
        };
    }

    @Override
    CacheStore cacheUnder(WritableChunkStore s) {
        return (CacheStore) s;
    }
}
