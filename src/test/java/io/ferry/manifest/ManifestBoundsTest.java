package io.ferry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.ZeroChunks;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Manifests a hostile peer sent a node when it was probed, and their relatives: each is refused with
 * a {@link ManifestFormatException} before it costs what it describes.
 */
class ManifestBoundsTest {
    private static final int FASTCDC = ChunkerParams.Kind.FASTCDC.ordinal();
    private static final int FIXED = ChunkerParams.Kind.FIXED.ordinal();
    private final ManifestCodec codec = new ManifestCodec(new ZeroChunks());

    /** 2^20 zero chunks of 4 MiB: a well-formed manifest of a 4 TiB image, a few hundred bytes on the wire. */
    private static byte[] fourTiBOfZeros() {
        int chunk = ChunkerParams.LARGEST;
        return RawManifest.header("big", 4L << 40, FIXED, chunk, chunk, chunk, 1 << 20).zeros(1 << 20, chunk).seal();
    }

    @Test
    void aFourTiBImageIsRefused_thoughItTravelsInUnderAKilobyte() {
        byte[] manifest = fourTiBOfZeros();
        byte[] wire = ManifestDelta.encode(manifest, null, null);
        assertThat(wire.length).as("what the peer sent").isLessThan(1024);
        assertThatThrownBy(() -> codec.decode(manifest)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("image size");
        assertThatThrownBy(() -> ManifestDelta.decode(wire, null, 1 << 30)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("image size");
    }

    @Test
    void theLargestImageStillDecodes() throws Exception {
        // 2 TiB as 2^19 zero chunks of 4 MiB: at the size limit, and cheap to build
        int chunk = ChunkerParams.LARGEST;
        byte[] manifest = RawManifest.header("edge", Manifest.MAX_SIZE, FIXED, chunk, chunk, chunk, 1 << 19)
                .zeros(1 << 19, chunk).seal();
        Manifest m = codec.decode(ManifestDelta.decode(ManifestDelta.encode(manifest, null, null), null, 1 << 30));
        assertThat(m.size()).isEqualTo(Manifest.MAX_SIZE);
        assertThat(codec.encode(m)).isEqualTo(manifest);
    }

    @Test
    void aFrameThatInflatesBeyondWhatItsHeaderDescribesIsRefusedUnread() {
        // the header of three 64 KiB zero chunks, then 64 MiB of padding in a frame of a few kilobytes
        byte[] inflated = Arrays.copyOf(RawManifest.header("pad", 3 << 16, FASTCDC, 4096, 16384, 65536, 3)
                .zeros(3, 65536).seal(), 64 << 20);
        byte[] wire = ManifestDelta.encode(inflated, null, null);
        assertThat(wire.length).isLessThan(64 << 10);
        assertThatThrownBy(() -> ManifestDelta.decode(wire, null, 1 << 30)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("one of 3 chunks takes");
    }

    @Test
    void aChunkCountOverTheLimitIsRefusedFromTheHeader() {
        // 2^26 chunks of 4 KiB: 256 GiB, within the size limit, but twice the chunks a manifest may have
        byte[] header = RawManifest.header("many", 1L << 38, FIXED, 4096, 4096, 4096, 1L << 26).seal();
        assertThatThrownBy(() -> codec.decode(header)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("67108864 in the chunk count, over the limit of 33554432");
    }

    @Test
    void sizesThatDoNotAddUpAreRefused() {
        assertThatThrownBy(() -> codec.decode(RawManifest.header("x", 200_000, FASTCDC, 4096, 16384, 65536, 4)
                .zeros(4, 65536).seal())).isInstanceOf(ManifestFormatException.class).hasMessageContaining("cover");
        assertThatThrownBy(() -> codec.decode(RawManifest.header("x", 10, FASTCDC, 4096, 16384, 65536, 5)
                .zeros(5, 2).seal())).isInstanceOf(ManifestFormatException.class).hasMessageContaining("cannot make");
    }

    @Test
    void aChunkLongerThanTheChunkersMaxIsRefusedBeforeItsZerosAreHashed() {
        // one zero chunk of 1 GiB in a manifest whose chunks are at most 64 KiB
        byte[] m = RawManifest.header("x", 1 << 30, FIXED, 65536, 65536, 65536, 16384).zeros(1, 1 << 30)
                .zeros(16383, 65536).seal();
        assertThatThrownBy(() -> codec.decode(m)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("over the limit");
    }

    @Test
    void numbersInAPaddedFormAreRefused() {
        // the name's length, 1, written in two bytes: a second encoding of the same manifest, with another id
        byte[] padded = RawManifest.seal(new RawManifest().raw(ManifestHeader.MAGIC).raw((byte) 1, (byte) 0x81, (byte) 0, (byte) 'x')
                .varint(65536).raw(new byte[32]).raw((byte) FIXED).varint(65536).varint(65536).varint(65536).varint(1)
                .zeros(1, 65536).bytes());
        assertThatThrownBy(() -> codec.decode(padded)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("padded");
    }

    @Test
    void anEmptyImageRoundTrips() throws Exception {
        byte[] empty = RawManifest.header("empty", 0, FASTCDC, 4096, 16384, 65536, 0).seal();
        assertThat(codec.encode(codec.decode(empty))).isEqualTo(empty);
    }

    @Test
    void aWireFormOfOtherThanExactlyOneSizedFrameIsRefused() throws Exception {
        byte[] manifest = codec.encode(RawManifest.sample(new ZeroChunks(), 3, 10));
        byte[] wire = ManifestDelta.encode(manifest, null, null);
        assertThat(ManifestDelta.decode(wire, null, 1 << 20)).isEqualTo(manifest);
        byte[] twice = Arrays.copyOf(wire, wire.length * 2 - 1);
        System.arraycopy(wire, 1, twice, wire.length, wire.length - 1);
        byte[] trailing = Arrays.copyOf(wire, wire.length + 3);
        byte[] unsized = new byte[1 + (int) Zstd.compressBound(manifest.length)];
        try (com.github.luben.zstd.ZstdCompressCtx ctx = new com.github.luben.zstd.ZstdCompressCtx()) {
            int n = ctx.setContentSize(false).compressByteArray(unsized, 1, unsized.length - 1, manifest, 0, manifest.length);
            unsized = Arrays.copyOf(unsized, 1 + n);
        }
        for (byte[] bad : new byte[][] {twice, trailing, unsized}) {
            assertThatThrownBy(() -> ManifestDelta.decode(bad, null, 1 << 20)).isInstanceOf(ManifestFormatException.class);
        }
    }
}
