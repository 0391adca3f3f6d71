package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of a {@link WritableChunkStore}, on top of the read side's. */
abstract class WritableChunkStoreContract extends ChunkStoreContract {
    /** An empty store, and how to wait until what was put is stored. */
    interface Empty {
        WritableChunkStore store();

        void settle() throws IOException;
    }

    abstract Empty empty(Path dir) throws IOException;

    @Override
    Fixture holding(Path dir, List<byte[]> chunks) throws IOException {
        Empty e = empty(dir);
        for (byte[] c : chunks) {
            e.store().put(id(c), c, 0, c.length);
        }
        e.settle();
        return new Fixture(e.store(), id -> CacheStoreTest.flipByteOf(cacheUnder(e.store()), id));
    }

    /** The pack cache the store writes to, for damaging a record. */
    abstract CacheStore cacheUnder(WritableChunkStore s);

    @Test
    void put_twiceAndFromAnOffset_storedOnceAndReadBack() throws Exception {
        Empty e = empty(dir);
        byte[] framed = TestData.random(7, 12_000);
        byte[] chunk = java.util.Arrays.copyOfRange(framed, 1_000, 11_000);
        e.store().put(id(chunk), framed, 1_000, chunk.length);
        e.store().put(id(chunk), framed, 1_000, chunk.length);
        e.settle();
        byte[] back = new byte[chunk.length];
        e.store().read(id(chunk), chunk.length, back);
        assertThat(back).isEqualTo(chunk);
        assertThat(cacheUnder(e.store()).entries()).hasSize(1);
    }
}
