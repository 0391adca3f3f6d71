package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import io.ferry.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheStoreTest {
    @TempDir
    Path dir;

    @Test
    void putRead_chunks_roundTripAndSurviveReopening() throws Exception {
        CacheStore cache = new CacheStore(dir);
        byte[] a = TestData.random(1, 20_000);
        byte[] b = TestData.random(6, 30_000);
        ChunkId ia = new Sha256().digest(a, 0, a.length);
        ChunkId ib = new Sha256().digest(b, 0, b.length);
        cache.put(ia, a, 0, a.length);
        cache.put(ib, b, 0, b.length);
        cache.put(ia, a, 0, a.length); // already there: not stored twice
        byte[] back = new byte[a.length];
        assertThat(cache.read(ia, a.length, back)).isEqualTo(Origin.CACHE);
        assertThat(back).isEqualTo(a);
        CacheStore again = new CacheStore(dir);
        assertThat(again.entries()).extracting(PrunableChunkStore.Entry::id).containsExactlyInAnyOrder(ia, ib);
        assertThat(again.length(ib)).isEqualTo(b.length);
        back = new byte[b.length];
        assertThat(again.read(ib, b.length, back)).isEqualTo(Origin.CACHE);
        assertThat(back).isEqualTo(b);
    }

    @Test
    void put_chunkRecord_isPlainZstdThatTheZstdToolReads() throws Exception {
        CacheStore cache = new CacheStore(dir);
        byte[] data = TestData.repetitive(2, 100_000);
        ChunkId id = new Sha256().digest(data, 0, data.length);
        cache.put(id, data, 0, data.length);
        CacheStore.Region r = cache.locate(id);
        Path frame = dir.resolve("frame.cacnk");
        byte[] pack = Files.readAllBytes(r.file());
        Files.write(frame, java.util.Arrays.copyOfRange(pack, (int) r.offset(), (int) (r.offset() + r.length())));
        Path out = dir.resolve("plain");
        Process p = new ProcessBuilder("zstd", "-q", "-d", frame.toString(), "-o", out.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
    }

    @Test
    void read_corruptedRecord_missingAndDroppedForGood() throws Exception {
        CacheStore cache = new CacheStore(dir);
        byte[] data = TestData.random(3, 10_000);
        ChunkId id = new Sha256().digest(data, 0, data.length);
        cache.put(id, data, 0, data.length);
        flipByteOf(cache, id);
        assertThatThrownBy(() -> cache.read(id, data.length, new byte[data.length]))
                .isInstanceOf(io.ferry.store.CorruptChunkException.class);
        assertThat(cache.has(id)).isFalse();
        assertThat(new CacheStore(dir).has(id)).as("after a restart too").isFalse();
    }

    @Test
    void open_tornRecordAtTheEnd_cutOffAndTheRestKept() throws Exception {
        CacheStore cache = new CacheStore(dir);
        byte[] data = TestData.random(5, 10_000);
        ChunkId id = new Sha256().digest(data, 0, data.length);
        cache.put(id, data, 0, data.length);
        Path pack = cache.locate(id).file();
        long whole = Files.size(pack);
        Files.write(pack, new byte[] {1, 2, 3, 4, 5, 6, 7}, java.nio.file.StandardOpenOption.APPEND);
        CacheStore again = new CacheStore(dir);
        assertThat(Files.size(pack)).isEqualTo(whole);
        assertThat(again.read(id, data.length, new byte[data.length])).isEqualTo(Origin.CACHE);
    }

    @Test
    void deleteThenCompact_givesTheSpaceBackAndKeepsTheRest() throws Exception {
        CacheStore cache = new CacheStore(dir);
        byte[] keep = TestData.random(7, 50_000);
        byte[] drop = TestData.random(8, 200_000);
        ChunkId ik = new Sha256().digest(keep, 0, keep.length);
        ChunkId id = new Sha256().digest(drop, 0, drop.length);
        cache.put(ik, keep, 0, keep.length);
        cache.put(id, drop, 0, drop.length);
        long before = cache.diskBytes();
        assertThat(cache.delete(id)).isGreaterThan(200_000);
        assertThat(new CacheStore(dir).has(id)).as("a removal outlives a restart").isFalse();
        cache.compact(false);
        assertThat(cache.diskBytes()).isLessThan(before - 200_000);
        CacheStore again = new CacheStore(dir);
        assertThat(again.has(id)).isFalse();
        assertThat(again.read(ik, keep.length, new byte[keep.length])).isEqualTo(Origin.CACHE);
    }

    @Test
    void open_chunkFilesOfTheOldLayout_movedIntoAPack() throws Exception {
        byte[] data = TestData.random(9, 12_000);
        ChunkId id = new Sha256().digest(data, 0, data.length);
        String hex = id.toString();
        Path old = Files.createDirectories(dir.resolve(hex.substring(0, 2))).resolve(hex + ".cacnk");
        Files.write(old, com.github.luben.zstd.Zstd.compress(data));
        byte[] other = TestData.random(10, 12_000);
        ChunkId liar = new Sha256().digest(other, 0, other.length);
        Path bad = Files.createDirectories(dir.resolve(liar.toString().substring(0, 2))).resolve(liar + ".cacnk");
        Files.write(bad, com.github.luben.zstd.Zstd.compress(data)); // bytes that are not its name
        CacheStore cache = new CacheStore(dir);
        assertThat(cache.read(id, data.length, new byte[data.length])).isEqualTo(Origin.CACHE);
        assertThat(cache.has(liar)).isFalse();
        assertThat(old.getParent()).doesNotExist();
        assertThat(bad.getParent()).doesNotExist();
    }

    /** Flips a byte in the middle of the stored frame of chunk {@code id}, in place. */
    static void flipByteOf(CacheStore cache, ChunkId id) throws java.io.IOException {
        CacheStore.Region r = cache.locate(id);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(r.file().toFile(), "rw")) {
            long at = r.offset() + r.length() / 2;
            f.seek(at);
            int v = f.read();
            f.seek(at);
            f.write(v ^ 0x10);
        }
    }
}
