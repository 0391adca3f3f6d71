package io.ferry.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Zero chunks keep no id of their own; every lookup still gives each chunk its id. */
class ChunkListTest {
    private final ZeroChunks zeros = new ZeroChunks();

    @Test
    void get_mixOfZeroAndDataChunks_everyIdAndOffsetAsAdded() {
        SplittableRandom r = new SplittableRandom(5);
        ChunkList.Builder b = new ChunkList.Builder();
        List<ChunkRef> want = new ArrayList<>();
        long at = 0;
        byte[] id = new byte[32];
        for (int i = 0; i < 10_000; i++) {
            boolean zero = r.nextInt(3) > 0;
            int len = zero ? 4096 * (1 + r.nextInt(3)) : 1 + r.nextInt(70_000);
            r.nextBytes(id);
            ChunkId c = zero ? zeros.id(len) : ChunkId.of(id);
            b.add(c, len, zero);
            want.add(new ChunkRef(c, at, len, zero));
            at += len;
        }
        ChunkList list = b.build();
        List<Integer> data = new ArrayList<>();
        list.forEachNonZero((i, c) -> {
            assertThat(c).isEqualTo(want.get(i).id());
            data.add(i);
        });
        for (int i = 0; i < want.size(); i++) {
            assertThat(list.get(i)).as("chunk %d", i).isEqualTo(want.get(i));
            assertThat(list.idMatches(i, want.get(i).id())).isTrue();
        }
        assertThat(data).hasSize((int) want.stream().filter(c -> !c.zero()).count());
        assertThat(list.size()).isEqualTo(at);
    }

    @Test
    void build_manyZeroChunks_keepsNoIdPerChunk() {
        ChunkList.Builder b = new ChunkList.Builder();
        for (int i = 0; i < 1_600_000; i++) { // 100 GiB of holes at 64 KiB
            b.add(zeros.id(65536), 65536, true);
        }
        long before = usedHeap();
        ChunkList list = b.build();
        assertThat(list.count()).isEqualTo(1_600_000);
        assertThat(list.id(1_599_999)).isEqualTo(zeros.id(65536));
        // lengths, offsets and flags: ~13 bytes a chunk; ids would have added 32 more
        assertThat(usedHeap() - before).isLessThan(30L << 20);
    }

    @Test
    void add_zeroChunksOfOneLengthWithTwoIds_refused() {
        ChunkList.Builder b = new ChunkList.Builder().add(zeros.id(4096), 4096, true);
        assertThatThrownBy(() -> b.add(zeros.id(8192), 4096, true)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
