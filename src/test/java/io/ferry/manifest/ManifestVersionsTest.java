package io.ferry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ZeroChunks;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Version 1 (with the whole-image SHA-256) and version 2 (without) both decode, each encodes back to
 * its own bytes, and a manifest that has a digest is still written exactly as the previous release
 * wrote it, so ids held across the cluster do not change.
 */
class ManifestVersionsTest {
    private final ManifestCodec codec = new ManifestCodec(new ZeroChunks());

    /** Written by the previous release's encoder (commit ae54bd9): 300,000 bytes, 17 chunks, blockcdc. */
    private static byte[] previousRelease() throws Exception {
        try (InputStream in = ManifestVersionsTest.class.getResourceAsStream("v1-old-encoder.fmf")) {
            return in.readAllBytes();
        }
    }

    @Test
    void decode_previousReleasesManifest_keepsDigestAndEncodesToTheSameBytes() throws Exception {
        byte[] old = previousRelease();
        Manifest m = codec.decode(old);
        assertThat(m.name()).isEqualTo("old-v1");
        assertThat(m.size()).isEqualTo(300_000);
        assertThat(m.chunks().count()).isEqualTo(17);
        assertThat(m.digest().hex()).isEqualTo("c778ce93c0d540cbb20d9277050c5d1de17839234c8e1d43ae0657b62e1a8dfc");
        assertThat(codec.encode(m)).isEqualTo(old);
    }

    @Test
    void encode_withoutDigest_isVersion2WithoutTheDigestAndRoundTrips() throws Exception {
        Manifest with = codec.decode(previousRelease());
        Manifest without = with.withDigest(null);
        byte[] bytes = codec.encode(without);
        assertThat(bytes[4]).as("version").isEqualTo((byte) 2);
        assertThat(bytes.length).isEqualTo(codec.encode(with).length - 32);
        Manifest back = codec.decode(bytes);
        assertThat(back.digest()).isNull();
        assertThat(back).isEqualTo(without);
        assertThat(codec.encode(back)).isEqualTo(bytes);
        assertThat(ManifestCodec.id(bytes)).isNotEqualTo(ManifestCodec.id(codec.encode(with)));
    }

    @Test
    void decode_versionByteSwapped_refused() throws Exception {
        byte[] v1AsV2 = previousRelease();
        v1AsV2[4] = 2; // a digest where version 2 has the chunker
        assertThatThrownBy(() -> codec.decode(v1AsV2)).isInstanceOf(ManifestFormatException.class);
        byte[] v2AsV1 = codec.encode(codec.decode(previousRelease()).withDigest(null));
        v2AsV1[4] = 1;
        assertThatThrownBy(() -> codec.decode(v2AsV1)).isInstanceOf(ManifestFormatException.class);
    }

    @Test
    void delta_version2AgainstVersion1_roundTrips() throws Exception {
        byte[] base = previousRelease();
        byte[] v2 = codec.encode(codec.decode(base).withName("newer").withDigest(null));
        ManifestId baseId = ManifestCodec.id(base);
        byte[] wire = ManifestDelta.encode(v2, baseId, base);
        assertThat(ManifestDelta.baseOf(wire)).isEqualTo(baseId);
        assertThat(Arrays.equals(ManifestDelta.decode(wire, base, ManifestCodec.MAX_BYTES), v2)).isTrue();
    }
}
