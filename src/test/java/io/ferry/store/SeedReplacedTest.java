package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import io.ferry.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seed replaced, changed or removed under an open SeedStore (issue 10). */
class SeedReplacedTest {
    private static final int CHUNKS = 8;

    @TempDir
    Path dir;
    private final List<byte[]> chunks = new ArrayList<>();
    private final List<ChunkId> ids = new ArrayList<>();

    private Seed seed() throws Exception {
        for (int i = 0; i < CHUNKS; i++) {
            byte[] c = TestData.random(40 + i, 16_000 + i);
            chunks.add(c);
            ids.add(new Sha256().digest(c, 0, c.length));
        }
        return SeedStoreContractTest.seedOf(dir.resolve("image.raw"), chunks);
    }

    private void assertReads(SeedStore store, int i) throws Exception {
        byte[] back = new byte[chunks.get(i).length];
        assertThat(store.read(ids.get(i), back.length, back)).as("chunk %d", i).isEqualTo(Origin.SEED);
        assertThat(back).isEqualTo(chunks.get(i));
    }

    /** Puts {@code from} at {@code to} as {@code mv} does: a new file (inode) under the old name. */
    private static void mv(Path from, Path to) throws Exception {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void read_seedReplacedByMvWithOneChunkChanged_thatChunkFailsOthersReadThenOriginalBackAllRead() throws Exception {
        Seed seed = seed();
        Path original = dir.resolve("original.raw");
        Files.copy(seed.file(), original);
        try (SeedStore store = SeedStore.ofAll(List.of(seed))) {
            for (int i = 0; i < CHUNKS; i++) {
                assertReads(store, i); // the file is open now
            }
            Path copy = dir.resolve("copy.raw");
            Files.copy(seed.file(), copy);
            Seed changed = new Seed("seed", copy, seed.chunks(), seed.size(), seed.mtimeMillis());
            SeedStoreContractTest.flipByteOf(changed, ids.get(3));
            mv(copy, seed.file());

            assertThatThrownBy(() -> store.read(ids.get(3), chunks.get(3).length, new byte[chunks.get(3).length]))
                    .isInstanceOf(CorruptChunkException.class);
            for (int i = 0; i < CHUNKS; i++) {
                if (i != 3) {
                    assertReads(store, i);
                }
            }
            mv(original, seed.file());
            for (int i = 0; i < CHUNKS; i++) {
                assertReads(store, i); // chunk 3 only if the replaced descriptor was let go
            }
        }
    }

    @Test
    void read_seedRemovedThenPutBack_missingNotCorruptThenReadsAgain() throws Exception {
        Seed seed = seed();
        Path aside = dir.resolve("aside.raw");
        try (SeedStore store = SeedStore.ofAll(List.of(seed))) {
            assertReads(store, 0);
            Files.copy(seed.file(), aside);
            SeedStoreContractTest.flipByteOf(seed, ids.get(1)); // the open file's bytes, then it goes
            Files.delete(seed.file());
            assertThatThrownBy(() -> store.read(ids.get(1), chunks.get(1).length, new byte[chunks.get(1).length]))
                    .isInstanceOf(MissingChunkException.class).isNotInstanceOf(CorruptChunkException.class);
            mv(aside, seed.file());
            for (int i = 0; i < CHUNKS; i++) {
                assertReads(store, i);
            }
        }
    }
}
