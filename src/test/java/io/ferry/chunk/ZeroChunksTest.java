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

    @Test
    void ids_manyLengthsInOnePass_areTheSha256OfThatManyZeros() {
        int[] lengths = {1, 7, 4096, 65535, 65536, 65537, 100_001, 300_000};
        ChunkId[] ids = new ZeroChunks().ids(lengths);
        for (int k = 0; k < lengths.length; k++) {
            assertThat(ids[k]).as("%d zeros", lengths[k]).isEqualTo(new Sha256().digest(new byte[lengths[k]], 0, lengths[k]));
        }
    }

    /** A peer's manifest can give zero chunks thousands of lengths: the cache of their ids stays bounded. */
    @Test
    void ids_moreLengthsThanKept_cacheStaysBounded() {
        ZeroChunks z = new ZeroChunks();
        int[] lengths = new int[ZeroChunks.CACHED + 1000];
        java.util.Arrays.setAll(lengths, i -> 256 + i);
        ChunkId[] ids = z.ids(lengths);
        assertThat(z.cached()).isEqualTo(ZeroChunks.CACHED);
        int last = lengths[lengths.length - 1];
        assertThat(ids[ids.length - 1]).isEqualTo(z.id(last)).isEqualTo(new Sha256().digest(new byte[last], 0, last));
        assertThat(z.cached()).isEqualTo(ZeroChunks.CACHED);
    }
}
