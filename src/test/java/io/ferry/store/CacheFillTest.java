package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import io.ferry.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy import into a bounded cache, from several threads at once, as the chunking pipeline puts: once
 * refused, no put lands after the refusal's eviction (redundant copies of seeded chunks, not counted, did:
 * CliTest's cache-max case failed under load with 310 KB cached against a 64 KiB bound).
 */
class CacheFillTest {
    @TempDir
    Path dir;

    @Test
    void aFillPastTheBound_fromManyThreads_leavesTheCacheWithinIt() throws Exception {
        CacheStore cache = new CacheStore(dir);
        // every other chunk is in a seed file too: a cached copy of it is redundant, so it is not counted
        // against the bound (it is stored, and evicted first); the rest count
        io.ferry.chunk.ChunkList.Builder seeded = new io.ferry.chunk.ChunkList.Builder();
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 40; i += 2) {
                byte[] b = TestData.random(t * 1000 + i, 8 << 10);
                seeded.add(new Sha256().digest(b, 0, b.length), b.length, false);
            }
        }
        Seed seed = new Seed("seeded", dir.resolve("seeded.raw"), seeded.build(), 0, 0);
        CacheLimit limit = new CacheLimit(cache, 64 << 10, List::of, () -> List.of(seed));
        CacheFill fill = limit.copyInto("cannot import x");
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                puts.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        byte[] b = TestData.random(thread * 1000 + i, 8 << 10);
                        ChunkId id = new Sha256().digest(b, 0, b.length);
                        try {
                            fill.put(id, b, 0, b.length);
                        } catch (CacheFullException e) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(refused.get()).as("puts refused once the bound was passed").isPositive();
        long left = cache.entries().stream().mapToLong(PrunableChunkStore.Entry::bytes).sum();
        assertThat(left).as("bytes cached after the refusal (no image needs them)").isLessThanOrEqualTo(64 << 10);
    }
}
