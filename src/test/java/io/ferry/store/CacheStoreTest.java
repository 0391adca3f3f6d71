package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

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
    void putRead_chunk_roundTripsInTwoHexFanOut() throws Exception {
        CacheStore cache = new CacheStore(dir);
        byte[] data = TestData.random(1, 20_000);
        ChunkId id = new Sha256().digest(data, 0, data.length);
        cache.put(id, data, 0, data.length);
        String hex = id.toString();
        assertThat(dir.resolve(hex.substring(0, 2)).resolve(hex + ".cacnk")).isRegularFile();
        byte[] back = new byte[data.length];
        assertThat(cache.read(id, data.length, back)).isEqualTo(Origin.CACHE);
        assertThat(back).isEqualTo(data);
        assertThat(cache.entries()).extracting(CacheStore.Entry::id).containsExactly(id);
    }

    @Test
    void put_chunkFile_isPlainZstdThatTheZstdToolReads() throws Exception {
        CacheStore cache = new CacheStore(dir);
        byte[] data = TestData.repetitive(2, 100_000);
        ChunkId id = new Sha256().digest(data, 0, data.length);
        cache.put(id, data, 0, data.length);
        Path out = dir.resolve("plain");
        Process p = new ProcessBuilder("zstd", "-q", "-d", cache.path(id).toString(), "-o", out.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
    }

    @Test
    void read_corruptedFile_missingAndDeleted() throws Exception {
        CacheStore cache = new CacheStore(dir);
        byte[] data = TestData.random(3, 10_000);
        ChunkId id = new Sha256().digest(data, 0, data.length);
        cache.put(id, data, 0, data.length);
        byte[] other = TestData.random(4, 10_000);
        Files.write(cache.path(id), com.github.luben.zstd.Zstd.compress(other));
        assertThat(cache.read(id, data.length, new byte[data.length])).isNull();
        assertThat(cache.path(id)).doesNotExist();
    }

    @Test
    void read_garbageFile_missingAndDeleted() throws Exception {
        CacheStore cache = new CacheStore(dir);
        byte[] data = TestData.random(5, 10_000);
        ChunkId id = new Sha256().digest(data, 0, data.length);
        cache.put(id, data, 0, data.length);
        Files.write(cache.path(id), new byte[] {1, 2, 3});
        assertThat(cache.read(id, data.length, new byte[data.length])).isNull();
        assertThat(cache.has(id)).isFalse();
    }
}
