package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import io.ferry.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link ChunkStore} keeps, run over each implementation by a subclass: what it
 * holds reads back verified, with its length; what it lacks is a {@link MissingChunkException}; a copy
 * whose bytes no longer match its name is a {@link CorruptChunkException} and is never served.
 */
abstract class ChunkStoreContract {
    @TempDir
    Path dir;

    /** Changes a byte of the stored copy of a chunk, behind the store's back. */
    interface Damage {
        void corrupt(ChunkId id) throws IOException;
    }

    /** A store holding the chunks, and a way to damage the stored copy of one. */
    record Fixture(ChunkStore store, Damage damage) {
        void corrupt(ChunkId id) throws IOException {
            damage.corrupt(id);
        }
    }

    abstract Fixture holding(Path dir, List<byte[]> chunks) throws IOException;

    static ChunkId id(byte[] data) {
        return new Sha256().digest(data, 0, data.length);
    }

    static List<byte[]> chunks() {
        return List.of(TestData.random(1, 20_000), TestData.repetitive(2, 50_000), TestData.random(3, 4_096),
                TestData.sparse(4, 30_000));
    }

    @Test
    void read_heldChunks_verifiedBytesAndLengths() throws Exception {
        List<byte[]> chunks = chunks();
        ChunkStore s = holding(dir, chunks).store();
        for (byte[] c : chunks) {
            byte[] back = new byte[c.length];
            assertThat(s.length(id(c))).isEqualTo(c.length);
            assertThat(s.read(id(c), c.length, back)).isNotNull();
            assertThat(back).isEqualTo(c);
        }
    }

    @Test
    void read_absentChunk_missingWithItsId() throws Exception {
        ChunkStore s = holding(dir, chunks()).store();
        byte[] other = TestData.random(99, 10_000);
        assertThat(s.length(id(other))).isEqualTo(-1);
        assertThatThrownBy(() -> s.read(id(other), other.length, new byte[other.length]))
                .isInstanceOf(MissingChunkException.class).isNotInstanceOf(CorruptChunkException.class)
                .satisfies(e -> assertThat(((MissingChunkException) e).id()).isEqualTo(id(other)));
    }

    @Test
    void read_damagedCopy_corruptAndNeverServed() throws Exception {
        List<byte[]> chunks = chunks();
        Fixture f = holding(dir, chunks);
        byte[] victim = chunks.get(1);
        f.corrupt(id(victim));
        byte[] back = new byte[victim.length];
        assertThatThrownBy(() -> f.store().read(id(victim), victim.length, back)).isInstanceOf(CorruptChunkException.class);
        assertThatThrownBy(() -> f.store().read(id(victim), victim.length, back)).isInstanceOf(MissingChunkException.class);
        byte[] good = chunks.get(0);
        byte[] fine = new byte[good.length];
        f.store().read(id(good), good.length, fine);
        assertThat(fine).as("the other chunks are unharmed").isEqualTo(good);
    }
}
