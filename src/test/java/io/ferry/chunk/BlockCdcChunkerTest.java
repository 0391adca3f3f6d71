package io.ferry.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.TestData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockCdcChunkerTest {
    private final ChunkerParams params = ChunkerParams.blockCdc(16384);
    private final Chunker chunker = io.ferry.chunk.Chunkers.of(params);

    @Test
    void cut_randomData_everyChunkButTheLastIsWholeBlocks() {
        byte[] data = TestData.random(1, 3_000_001);
        List<Integer> cuts = Cuts.of(chunker, data);
        for (int i = 0; i < cuts.size() - 1; i++) {
            assertThat(cuts.get(i) % 4096).as("chunk %d", i).isZero();
        }
        double mean = (double) data.length / cuts.size();
        assertThat(mean).as("mean chunk size").isBetween(12_000.0, 28_000.0);
    }

    @Test
    void cut_dataAfterFreeSpace_cutsExactlyWhereTheDataStarts() {
        byte[] data = new byte[1 << 20];
        int dataStart = 40 * 4096;
        System.arraycopy(TestData.random(2, 200_000), 0, data, dataStart, 200_000);
        List<Long> boundaries = boundaries(data);
        assertThat(boundaries).contains((long) dataStart);
        int dataEnd = dataStart + 200_000;
        long blockAfterData = (dataEnd + 4095) / 4096 * 4096L;
        assertThat(boundaries).as("free space after the data starts a chunk of its own").contains(blockAfterData);
    }

    @Test
    void cut_oneBlockChangedInPlace_onlyItsChunkChanges() {
        byte[] a = TestData.random(3, 2 << 20);
        byte[] b = a.clone();
        int block = 200;
        System.arraycopy(TestData.random(4, 4096), 0, b, block * 4096, 4096);
        Set<ChunkId> fresh = ids(b);
        fresh.removeAll(ids(a));
        assertThat(fresh).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void cut_blocksMovedByWholeBlocks_chunksResync() {
        byte[] a = TestData.random(5, 2 << 20);
        byte[] b = new byte[a.length + 3 * 4096];
        int at = 100 * 4096;
        System.arraycopy(a, 0, b, 0, at);
        System.arraycopy(TestData.random(6, 3 * 4096), 0, b, at, 3 * 4096);
        System.arraycopy(a, at, b, at + 3 * 4096, a.length - at);
        Set<ChunkId> fresh = ids(b);
        fresh.removeAll(ids(a));
        assertThat(fresh).hasSizeLessThanOrEqualTo(3);
    }

    private List<Long> boundaries(byte[] data) {
        List<Long> out = new ArrayList<>();
        long at = 0;
        for (int len : Cuts.of(chunker, data)) {
            out.add(at);
            at += len;
        }
        return out;
    }

    private Set<ChunkId> ids(byte[] data) {
        Set<ChunkId> ids = new HashSet<>();
        int pos = 0;
        for (int len : Cuts.of(chunker, data)) {
            ids.add(new Sha256().digest(data, pos, len));
            pos += len;
        }
        return ids;
    }
}
