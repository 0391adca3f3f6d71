package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZstdContextsTest {
    private static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (r.nextInt(16)); // compressible, not trivially
        }
        return b;
    }

    @Test
    void compress_reusedContexts_giveFramesThatDeclareTheirSizeAndRoundTrip() {
        try (ZstdContexts z = new ZstdContexts(1, 2)) {
            for (int i = 0; i < 5; i++) {
                byte[] in = data(20_000 + i * 777, i);
                byte[] frame = z.compress(in, 3, in.length - 3);
                assertThat(Zstd.getFrameContentSize(frame)).isEqualTo(in.length - 3);
                byte[] out = new byte[in.length - 3];
                assertThat(z.decompress(out, out.length, frame)).isEqualTo(out.length);
                assertThat(out).isEqualTo(Arrays.copyOfRange(in, 3, in.length));
            }
        }
    }

    @Test
    void decompress_damagedFrame_throwsAndTheNextReadIsStillRight() {
        try (ZstdContexts z = new ZstdContexts(1, 1)) {
            byte[] in = data(50_000, 7);
            byte[] frame = z.compress(in, 0, in.length);
            byte[] bad = frame.clone();
            for (int i = 12; i < bad.length; i += 5) {
                bad[i] ^= 0x5a;
            }
            byte[] out = new byte[in.length];
            boolean threw;
            try {
                threw = z.decompress(out, out.length, bad) != in.length || !Arrays.equals(out, in);
            } catch (RuntimeException e) {
                threw = true;
            }
            assertThat(threw).as("a garbled frame is refused or yields other bytes").isTrue();
            Arrays.fill(out, (byte) 0);
            assertThat(z.decompress(out, out.length, frame)).isEqualTo(in.length);
            assertThat(out).isEqualTo(in);
            assertThatThrownBy(() -> z.decompress(new byte[10], 10, Arrays.copyOf(frame, 3)))
                    .isInstanceOf(RuntimeException.class);
        }
    }
}
