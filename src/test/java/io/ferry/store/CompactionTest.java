package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import io.ferry.testing.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction gives space back pack by pack, and on a full disk stops cleanly (issue 10). */
class CompactionTest {
    @TempDir
    Path dir;
    private final List<byte[]> data = new ArrayList<>();
    private final List<ChunkId> ids = new ArrayList<>();

    /** Random chunks of 200 KB (incompressible), {@code n} of them: about five per 1 MiB pack. */
    private CacheStore filled(Path root, int n) throws IOException {
        CacheStore cache = new CacheStore(root);
        for (int i = 0; i < n; i++) {
            byte[] d = TestData.random(500 + i, 200_000);
            ChunkId id = new Sha256().digest(d, 0, d.length);
            cache.put(id, d, 0, d.length);
            data.add(d);
            ids.add(id);
        }
        return cache;
    }

    private void assertReads(CacheStore cache, int i) throws IOException {
        byte[] back = new byte[data.get(i).length];
        assertThat(cache.read(ids.get(i), back.length, back)).as("chunk %d", i).isEqualTo(Origin.CACHE);
        assertThat(back).isEqualTo(data.get(i));
    }

    @Test
    void compact_whollyDeadPack_deletedAndOthersUntouched() throws Exception {
        Path root = mountSmall("48m"); // packs of 1 MiB on a file system this small
        try {
            CacheStore cache = filled(root, 15);
            Path first = cache.locate(ids.get(0)).file();
            List<Integer> inFirst = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (cache.locate(ids.get(i)).file().equals(first)) {
                    inFirst.add(i);
                    cache.delete(ids.get(i));
                }
            }
            assertThat(inFirst).hasSizeBetween(2, 14);
            Path last = cache.locate(ids.get(14)).file();
            long lastSize = Files.size(last);
            assertThat(cache.compact(false)).isGreaterThanOrEqualTo(inFirst.size() * 200_000L);
            assertThat(first).doesNotExist();
            assertThat(Files.size(last)).as("nothing copied").isEqualTo(lastSize);
            cache.close();
            CacheStore again = new CacheStore(root);
            for (int i = 0; i < ids.size(); i++) {
                if (!inFirst.contains(i)) {
                    assertReads(again, i);
                }
            }
            again.close();
        } finally {
            unmount();
        }
    }

    @Test
    void compact_packLessThanHalfDeadLeft_itsRemovalsStillOutliveARestart() throws Exception {
        CacheStore cache = filled(dir, 6);
        cache.delete(ids.get(2));
        cache.compact(false); // the pack is not half dead: it stays, and so must its tombstone
        assertThat(new CacheStore(dir).has(ids.get(2))).isFalse();
    }

    @Test
    void compact_spaceRunsOutWhileMoving_stopsCleanlyAndEveryLiveChunkReads() throws Exception {
        Path root = mountSmall("48m");
        try {
            CacheStore cache = filled(root, 15);
            List<Integer> deleted = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += 2) { // half of every pack dead: each must be copied to free
                cache.delete(ids.get(i));
                deleted.add(i);
            }
            fill(root.resolveSibling("filler"));
            cache.compact(true);
            cache.close();
            CacheStore again = new CacheStore(root);
            for (int i = 0; i < ids.size(); i++) {
                if (deleted.contains(i)) {
                    assertThat(again.has(ids.get(i))).isFalse();
                } else {
                    assertReads(again, i);
                }
            }
            Files.delete(root.resolveSibling("filler"));
            long before = again.diskBytes();
            assertThat(again.compact(true)).as("with room again, the rest is given back").isPositive();
            assertThat(again.diskBytes()).isLessThan(before);
            again.close();
        } finally {
            unmount();
        }
    }

    private Path small;

    private Path mountSmall(String size) throws Exception {
        small = Files.createDirectories(dir.resolve("small"));
        run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", small.toString());
        return small.resolve("cache");
    }

    private void unmount() throws Exception {
        if (new ProcessBuilder("umount", small.toString()).start().waitFor() != 0) {
            run("umount", "-l", small.toString()); // a failed test left a pack open: detach it all the same
        }
    }

    private static void fill(Path file) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 << 10);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                block.clear();
                ch.write(block);
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("No space left on device");
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s (tests run as root)", String.join(" ", cmd), output).isZero();
    }
}
