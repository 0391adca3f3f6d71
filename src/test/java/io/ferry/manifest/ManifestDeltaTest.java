package io.ferry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ZeroChunks;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ManifestDeltaTest {
    private static final ManifestId BASE_ID = ManifestId.parse("ab".repeat(32));

    /** Two manifests of 20,000 chunks: the second replaces the id of one chunk in ten. */
    private static byte[][] related() {
        ZeroChunks zeros = new ZeroChunks();
        ManifestCodec codec = new ManifestCodec(zeros);
        Manifest base = RawManifest.sample(zeros, 7, 20_000);
        SplittableRandom r = new SplittableRandom(7);
        ChunkList c = base.chunks();
        ChunkList.Builder b = new ChunkList.Builder(c.count());
        byte[] id = new byte[32];
        for (int i = 0; i < c.count(); i++) {
            r.nextBytes(id);
            b.add(i % 10 == 0 && !c.isZero(i) ? ChunkId.of(id) : c.id(i), c.length(i), c.isZero(i));
        }
        Manifest next = new Manifest("v8", base.size(), base.digest(), base.chunker(), b.build());
        return new byte[][] {codec.encode(base), codec.encode(next)};
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
        // ~1,500 new ids are 48,000 bytes that cannot be compressed; the rest should cost next to nothing
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
        byte[] big = related()[0];
        byte[] wire = ManifestDelta.encode(big, null, null);
        assertThatThrownBy(() -> ManifestDelta.decode(wire, null, big.length - 1))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining("size");
        assertThat(HexFormat.of().formatHex(wire, 0, 1)).isEqualTo("00");
    }
}
