package io.ferry.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins FastCDC's cut points on a fixed seeded input. A change here changes the chunk ids of every
 * image anyone has imported, so it must be a deliberate format change, never an accident.
 */
class GoldenVectorsTest {
    private static final byte[] INPUT = TestData.random(20261125L, 1 << 20);

    @Test
    void fastCdc4k_seededMiB_pinnedCuts() {
        List<Integer> cuts = Cuts.of(io.ferry.chunk.Chunkers.of(ChunkerParams.fastCdc(4096)), INPUT);
        assertThat(cuts.subList(0, 12)).containsExactly(GOLDEN_4K);
        assertThat(cuts).hasSize(GOLDEN_4K_COUNT);
    }

    @Test
    void fastCdc16k_seededMiB_pinnedCutsAndFirstId() {
        List<Integer> cuts = Cuts.of(io.ferry.chunk.Chunkers.of(ChunkerParams.fastCdc(16384)), INPUT);
        assertThat(cuts.subList(0, 8)).containsExactly(GOLDEN_16K);
        assertThat(cuts).hasSize(GOLDEN_16K_COUNT);
        assertThat(new Sha256().digest(INPUT, 0, cuts.get(0)).toString()).isEqualTo(GOLDEN_16K_FIRST_ID);
    }

    @Test
    void blockCdc16k_seededMiB_pinnedCutsAndFirstId() {
        List<Integer> cuts = Cuts.of(io.ferry.chunk.Chunkers.of(ChunkerParams.blockCdc(16384)), INPUT);
        assertThat(cuts.subList(0, 12)).containsExactly(16384, 4096, 16384, 16384, 16384, 24576, 24576, 36864, 20480,
                16384, 16384, 16384);
        assertThat(cuts).hasSize(70);
        assertThat(new Sha256().digest(INPUT, 0, cuts.get(0)).toString())
                .isEqualTo("1e59adfd11a5a0261a23b8980b8af8eaeb252faf34fbb0a78f21af2db5e2e83b");
    }

    static final Integer[] GOLDEN_4K = {3608, 3151, 6838, 5199, 6050, 5471, 4488, 4552, 4164, 4333, 4149, 4412};
    static final int GOLDEN_4K_COUNT = 231;
    static final Integer[] GOLDEN_16K = {19850, 18894, 16635, 26336, 18679, 17701, 23276, 16775};
    static final int GOLDEN_16K_COUNT = 53;
    static final String GOLDEN_16K_FIRST_ID =
            "993f6fd60e3a9a5d87dcbf4dc0b4f7e027fd483803e5c95988f0691ae9535861";
}
