package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import io.ferry.testing.TestData;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A delivery's partial output as a seed while it arrives ({@link Seed#growing}). */
class GrowingSeedTest {
    private static final int CHUNKS = 6;

    @TempDir
    Path dir;
    private final List<byte[]> chunks = new ArrayList<>();
    private final List<ChunkId> ids = new ArrayList<>();
    private final BitSet written = new BitSet();

    /** A partial file of the whole size, all holes, whose chunks are written by {@link #write}. */
    private Seed partial(Path file) throws Exception {
        for (int i = 0; i < CHUNKS; i++) {
            byte[] c = TestData.random(70 + i, 16_000 + i);
            chunks.add(c);
            ids.add(new Sha256().digest(c, 0, c.length));
        }
        Seed whole = SeedStoreContractTest.seedOf(file, chunks);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ch.truncate(0);
            ch.write(ByteBuffer.allocate(1), size - 1); // same size, nothing written yet
        }
        return Seed.growing("img", file, whole.chunks(), i -> written.get(i));
    }

    private void write(Seed s, int i) throws Exception {
        try (FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(chunks.get(i)), s.chunks().offset(i));
        }
        written.set(i);
    }

    private void assertReads(SeedStore store, int i) throws Exception {
        byte[] back = new byte[chunks.get(i).length];
        assertThat(store.read(ids.get(i), back.length, back)).isEqualTo(Origin.SEED);
        assertThat(back).isEqualTo(chunks.get(i));
    }

    @Test
    void read_chunkNotWrittenYet_missingNotCorrupt_thenReadOnceWritten() throws Exception {
        Seed s = partial(dir.resolve(".out.ferry-part"));
        try (SeedStore store = SeedStore.ofAll(List.of(s))) {
            byte[] buf = new byte[chunks.get(2).length];
            assertThatThrownBy(() -> store.read(ids.get(2), buf.length, buf))
                    .isInstanceOf(MissingChunkException.class).isNotInstanceOf(CorruptChunkException.class);
            write(s, 0);
            assertReads(store, 0); // opened now; the next writes change its mtime, which must not matter
            write(s, 2);
            assertReads(store, 2);
        }
    }

    @Test
    void read_afterTheRenameOntoTheOutput_theOpenFileStillReads() throws Exception {
        Path part = dir.resolve(".out.ferry-part");
        Seed s = partial(part);
        try (SeedStore store = SeedStore.ofAll(List.of(s))) {
            for (int i = 0; i < CHUNKS; i++) {
                write(s, i);
            }
            assertReads(store, 1);
            Files.move(part, dir.resolve("out"), StandardCopyOption.ATOMIC_MOVE);
            for (int i = 0; i < CHUNKS; i++) {
                assertReads(store, i);
            }
        }
    }

    @Test
    void read_anotherFileTakesThePath_reopenedAndItsWrongBytesNeverReturned() throws Exception {
        Path part = dir.resolve(".out.ferry-part");
        Seed s = partial(part);
        try (SeedStore store = SeedStore.ofAll(List.of(s))) {
            for (int i = 0; i < CHUNKS; i++) {
                write(s, i);
            }
            assertReads(store, 1);
            Path other = dir.resolve("other");
            Files.write(other, new byte[(int) Files.size(part)]);
            Files.move(other, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            byte[] buf = new byte[chunks.get(1).length];
            assertThatThrownBy(() -> store.read(ids.get(1), buf.length, buf)).isInstanceOf(CorruptChunkException.class);
        }
    }
}
