package io.ferry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.Sha256;
import io.ferry.chunk.ZeroChunks;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {
    private final ZeroChunks zeros = new ZeroChunks();
    private final ManifestCodec codec = new ManifestCodec(zeros);

    /** A manifest shaped like a real image: mostly zero chunks at the maximum, data chunks around avg. */
    private Manifest sample(long seed, int chunks) {
        ChunkerParams p = ChunkerParams.fastCdc(16384);
        SplittableRandom r = new SplittableRandom(seed);
        ChunkList.Builder b = new ChunkList.Builder();
        byte[] id = new byte[32];
        for (int i = 0; i < chunks; i++) {
            if (r.nextInt(4) == 0) {
                b.add(zeros.id(p.max()), p.max(), true);
            } else {
                r.nextBytes(id);
                b.add(ChunkId.of(id), p.min() + r.nextInt(p.max() - p.min()), false);
            }
        }
        ChunkList list = b.build();
        return new Manifest("v1", list.size(), ImageDigest.of(new Sha256().digest(new byte[] {1}, 0, 1).bytes()), p, list);
    }

    @Test
    void encodeDecode_sample_roundTrips() throws Exception {
        Manifest m = sample(1, 5000);
        Manifest back = codec.decode(codec.encode(m));
        assertThat(back).isEqualTo(m);
        assertThat(ManifestCodec.id(codec.encode(back))).isEqualTo(ManifestCodec.id(codec.encode(m)));
    }

    @Test
    void encode_twoGiBImageAt16K_wellUnderTwoMiB() {
        // 2 GiB as v2 is: ~0.5 GiB of data at ~20 KiB chunks plus 1.5 GiB of zero chunks at 64 KiB
        ChunkerParams p = ChunkerParams.fastCdc(16384);
        ChunkList.Builder b = new ChunkList.Builder();
        SplittableRandom r = new SplittableRandom(7);
        byte[] id = new byte[32];
        long size = 0;
        while (size < (2L << 30)) {
            boolean zero = size < (3L << 29) && r.nextInt(2) == 0;
            int len = zero ? p.max() : 20_000;
            if (zero) {
                b.add(zeros.id(len), len, true);
            } else {
                r.nextBytes(id);
                b.add(ChunkId.of(id), len, false);
            }
            size += len;
        }
        ChunkList list = b.build();
        byte[] encoded = codec.encode(new Manifest("big", list.size(), ImageDigest.of(id), p, list));
        assertThat(encoded.length).isLessThan(2 << 20);
    }

    @Test
    void decode_everyTruncation_rejectedAsTruncated() {
        byte[] full = codec.encode(sample(2, 40));
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            assertThatThrownBy(() -> codec.decode(cut)).as("truncated to %d bytes", n)
                    .isInstanceOf(ManifestFormatException.class).hasMessageContaining("manifest");
        }
    }

    @Test
    void decode_anyFlippedByte_rejected() {
        byte[] full = codec.encode(sample(3, 40));
        for (int i = 0; i < full.length; i++) {
            byte[] bad = full.clone();
            bad[i] ^= 0x10;
            assertThatThrownBy(() -> codec.decode(bad)).as("byte %d flipped", i)
                    .isInstanceOf(ManifestFormatException.class);
        }
    }

    @Test
    void decode_wrongMagicOrVersionOrTrailingBytes_saysWhich() {
        byte[] full = codec.encode(sample(4, 3));
        byte[] magic = full.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> codec.decode(magic)).hasMessageContaining("not a Ferry manifest");
        byte[] version = full.clone();
        version[4] = 9;
        assertThatThrownBy(() -> codec.decode(version)).hasMessageContaining("unsupported manifest version 9");
        byte[] longer = Arrays.copyOf(full, full.length + 2);
        assertThatThrownBy(() -> codec.decode(longer)).isInstanceOf(ManifestFormatException.class);
    }

    @Test
    void manifest_inconsistentSizes_rejected() {
        Manifest m = sample(5, 3);
        assertThatThrownBy(() -> new Manifest("x", m.size() + 1, m.digest(), m.chunker(), m.chunks()))
                .hasMessageContaining("chunks cover");
        assertThatThrownBy(() -> new Manifest("../etc", m.size(), m.digest(), m.chunker(), m.chunks()))
                .hasMessageContaining("invalid image name");
    }
}
