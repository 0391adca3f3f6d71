package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import io.ferry.testing.TestData;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged cache pack loses only what was damaged (issue 10). */
class PackDamageTest {
    private static final int CHUNKS = 12;
    private static final int HEADER = ChunkId.BYTES + 8;

    @TempDir
    Path dir;
    private final List<byte[]> data = new ArrayList<>();
    private final List<ChunkId> ids = new ArrayList<>();

    private CacheStore filled() throws IOException {
        CacheStore cache = new CacheStore(dir);
        for (int i = 0; i < CHUNKS; i++) {
            byte[] d = i % 2 == 0 ? TestData.random(100 + i, 20_000 + i) : TestData.repetitive(100 + i, 30_000 + i);
            ChunkId id = new Sha256().digest(d, 0, d.length);
            cache.put(id, d, 0, d.length);
            data.add(d);
            ids.add(id);
        }
        return cache;
    }

    /** Every chunk but those in {@code lost} reads back right from a reopened cache; those are not there. */
    private CacheStore assertOnlyLost(List<Integer> lost) throws IOException {
        CacheStore again = new CacheStore(dir);
        for (int i = 0; i < CHUNKS; i++) {
            if (lost.contains(i)) {
                assertThat(again.has(ids.get(i))).as("chunk %d", i).isFalse();
                continue;
            }
            byte[] back = new byte[data.get(i).length];
            assertThat(again.read(ids.get(i), back.length, back)).as("chunk %d", i).isEqualTo(Origin.CACHE);
            assertThat(back).isEqualTo(data.get(i));
        }
        return again;
    }

    private static void write(Path file, long at, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            f.write(bytes);
        }
    }

    @Test
    void open_frameLengthOfOneHeaderMidPackWild_onlyThatChunkLost() throws Exception {
        CacheStore.Region r = filled().locate(ids.get(5));
        write(r.file(), r.offset() - 4, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        CacheStore again = assertOnlyLost(List.of(5));
        long live = again.entries().stream().mapToLong(PrunableChunkStore.Entry::bytes).sum();
        assertThat(again.diskBytes()).as("the damaged record is still on disk").isGreaterThan(live);
        again.compact(true); // as gc does
        assertThat(again.diskBytes()).as("skipped bytes count as dead: compaction gives them back").isEqualTo(live);
        assertOnlyLost(List.of(5));
    }

    @Test
    void open_frameLengthOfOneHeaderMidPackSlightlyOff_onlyThatChunkLost() throws Exception {
        CacheStore.Region r = filled().locate(ids.get(4));
        int wrong = (int) r.length() + 7; // plausible, but the next record is then looked for in the wrong place
        write(r.file(), r.offset() - 4, new byte[] {(byte) (wrong >>> 24), (byte) (wrong >>> 16), (byte) (wrong >>> 8),
                (byte) wrong});
        assertOnlyLost(List.of(4));
    }

    @Test
    void open_lengthOfOneHeaderZeroed_onlyThatChunkLost() throws Exception {
        CacheStore.Region r = filled().locate(ids.get(7));
        write(r.file(), r.offset() - 8, new byte[4]);
        assertOnlyLost(List.of(7));
    }

    @Test
    void read_frameBytesOfOneRecordDamaged_thatChunkCorruptAndDroppedOthersFine() throws Exception {
        CacheStore cache = filled();
        CacheStoreTest.flipByteOf(cache, ids.get(3));
        CacheStore again = new CacheStore(dir);
        assertThatThrownBy(() -> again.read(ids.get(3), data.get(3).length, new byte[data.get(3).length]))
                .isInstanceOf(CorruptChunkException.class);
        assertThat(again.has(ids.get(3))).isFalse();
        assertOnlyLost(List.of(3));
    }

    @Test
    void open_garbageAppended_cutOffAndEveryChunkKept() throws Exception {
        CacheStore.Region r = filled().locate(ids.get(0));
        long whole = Files.size(r.file());
        Files.write(r.file(), TestData.random(7, 300_000), StandardOpenOption.APPEND);
        assertOnlyLost(List.of());
        assertThat(Files.size(r.file())).isEqualTo(whole);
    }

    @Test
    void open_tornLastRecord_cutAtItsStartAndTheRestKept() throws Exception {
        CacheStore.Region last = filled().locate(ids.get(CHUNKS - 1));
        long recordStart = last.offset() - HEADER;
        try (var ch = java.nio.channels.FileChannel.open(last.file(), StandardOpenOption.WRITE)) {
            ch.truncate(last.offset() + last.length() / 2);
        }
        assertOnlyLost(List.of(CHUNKS - 1));
        assertThat(Files.size(last.file())).isEqualTo(recordStart);
    }

    @Test
    void open_damagedHeaderThenAllElseDamaged_restCutOff() throws Exception {
        CacheStore cache = filled();
        CacheStore.Region r = cache.locate(ids.get(9));
        for (int i = 9; i < CHUNKS; i++) {
            CacheStore.Region ri = cache.locate(ids.get(i));
            write(ri.file(), ri.offset(), new byte[] {0, 0, 0, 0}); // no zstd magic: nothing after can be proven
        }
        assertOnlyLost(List.of(9, 10, 11));
        assertThat(Files.size(r.file())).isEqualTo(r.offset() - HEADER);
    }
}
