package io.ferry.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZeroChunksTest {
    private final ZeroChunks zeros = new ZeroChunks();

    @Test
    void isZero_lastByteSet_false() {
        byte[] b = new byte[200_000];
        assertThat(zeros.isZero(b, 0, b.length)).isTrue();
        b[b.length - 1] = 1;
        assertThat(zeros.isZero(b, 0, b.length)).isFalse();
        assertThat(zeros.isZero(b, 0, b.length - 1)).isTrue();
    }

    @Test
    void id_anyLength_isSha256OfThatManyZeros() {
        for (int len : new int[] {1, 4096, 65536, 100_001}) {
            assertThat(zeros.id(len)).isEqualTo(new Sha256().digest(new byte[len], 0, len));
        }
    }
}
