package io.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class BitmapsTest {
    @Test
    void toBytesFromBytes_sparseAndDenseRuns_roundTrip() throws Exception {
        RoaringBitmap b = RoaringBitmap.bitmapOfRange(100, 70_000);
        b.add(3, 5, 1 << 20, Integer.MAX_VALUE - 1);
        assertThat(Bitmaps.fromBytes(Bitmaps.toBytes(b))).isEqualTo(b);
        assertThat(Bitmaps.fromBytes(Bitmaps.toBytes(new RoaringBitmap())).isEmpty()).isTrue();
    }

    @Test
    void fromBytes_truncatedOrGarbage_isAnIOExceptionThatSaysSo() {
        byte[] good = Bitmaps.toBytes(RoaringBitmap.bitmapOf(1, 2, 3, 1 << 17));
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
        for (byte[] bad : new byte[][] {cut, {1, 2, 3}, new byte[0]}) {
            assertThatThrownBy(() -> Bitmaps.fromBytes(bad)).isInstanceOf(IOException.class)
                    .hasMessageContaining("malformed chunk bitmap");
        }
    }

    @Test
    void all_coversExactlyZeroToN() {
        assertThat(Bitmaps.all(5).toArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(Bitmaps.all(0).isEmpty()).isTrue();
    }
}
