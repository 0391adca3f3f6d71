package io.ferry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ManifestDeltaTest {
    private static final ManifestId BASE_ID = ManifestId.parse("ab".repeat(32));

    /** Stand-ins for two manifests: 20,000 random 32-byte ids, of which the second replaces one in ten. */
    private static byte[][] related() {
        SplittableRandom r = new SplittableRandom(7);
        byte[] base = new byte[20_000 * 32];
        r.nextBytes(base);
        byte[] next = base.clone();
        for (int i = 0; i < 20_000; i += 10) {
            byte[] id = new byte[32];
            r.nextBytes(id);
            System.arraycopy(id, 0, next, i * 32, 32);
        }
        return new byte[][] {base, next};
    }

    @Test
    void aPatchAgainstARelatedManifestCarriesLittleMoreThanTheNewIds() throws Exception {
        byte[][] m = related();
        byte[] plain = ManifestDelta.encode(m[1], null, null);
        byte[] patch = ManifestDelta.encode(m[1], BASE_ID, m[0]);
        assertThat(ManifestDelta.baseOf(plain)).isNull();
        assertThat(ManifestDelta.baseOf(patch)).isEqualTo(BASE_ID);
        assertThat(ManifestDelta.decode(plain, null, 1 << 20)).isEqualTo(m[1]);
        assertThat(ManifestDelta.decode(patch, m[0], 1 << 20)).isEqualTo(m[1]);
        // 2,000 new ids are 64,000 bytes that cannot be compressed; the rest should cost next to nothing
        assertThat(patch.length).isLessThan(80_000).isLessThan(plain.length / 5);
    }

    @Test
    void aPatchWithoutItsBaseOrTruncatedIsRefused() {
        byte[][] m = related();
        byte[] patch = ManifestDelta.encode(m[1], BASE_ID, m[0]);
        assertThatThrownBy(() -> ManifestDelta.decode(patch, null, 1 << 20))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining(BASE_ID.hex());
        assertThatThrownBy(() -> ManifestDelta.decode(Arrays.copyOf(patch, patch.length - 100), m[0], 1 << 20))
                .isInstanceOf(ManifestFormatException.class);
        assertThatThrownBy(() -> ManifestDelta.decode(Arrays.copyOf(patch, 10), m[0], 1 << 20))
                .isInstanceOf(ManifestFormatException.class);
        assertThatThrownBy(() -> ManifestDelta.decode(new byte[] {7, 1, 2}, null, 1 << 20))
                .isInstanceOf(ManifestFormatException.class);
    }

    @Test
    void aFrameLargerThanAllowedIsRefusedBeforeDecompressing() {
        byte[] big = new byte[1 << 20];
        byte[] wire = ManifestDelta.encode(big, null, null);
        assertThatThrownBy(() -> ManifestDelta.decode(wire, null, 1 << 19))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining("size");
        assertThat(HexFormat.of().formatHex(wire, 0, 1)).isEqualTo("00");
    }
}
