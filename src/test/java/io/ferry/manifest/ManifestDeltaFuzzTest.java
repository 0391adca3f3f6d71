package io.ferry.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ZeroChunks;
import io.ferry.testing.Mutations;
import io.ferry.testing.Outcomes;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzes {@link ManifestDelta#decode} (a manifest in transit: plain, or a patch of a base) with
 * mutated wire forms, well-formed frames of damaged manifests and frames of arbitrary bytes. It may
 * only return bytes or throw {@link ManifestFormatException}; what it returns is never longer than the
 * caller's limit, and always a length the manifest's own header allows, which the decoder checked
 * before it allocated anything that size.
 */
class ManifestDeltaFuzzTest {
    private static final ManifestId BASE_ID = ManifestId.parse("ab".repeat(32));
    private final ZeroChunks zeros = new ZeroChunks();
    private final ManifestCodec codec = new ManifestCodec(zeros);
    /** A base manifest of 300 chunks, as a receiver would hold it. */
    private final byte[] base = codec.encode(RawManifest.sample(zeros, 1, 300));

    /** A manifest related to the base: some of its ids replaced, some chunks dropped from the end. */
    private byte[] related(long seed) {
        Manifest b = RawManifest.sample(zeros, 1, 300);
        SplittableRandom r = new SplittableRandom(seed);
        ChunkList c = b.chunks();
        int keep = 1 + r.nextInt(c.count());
        ChunkList.Builder out = new ChunkList.Builder(keep);
        byte[] id = new byte[32];
        for (int i = 0; i < keep; i++) {
            r.nextBytes(id);
            out.add(r.nextInt(8) == 0 && !c.isZero(i) ? ChunkId.of(id) : c.id(i), c.length(i), c.isZero(i));
        }
        ChunkList list = out.build();
        return codec.encode(new Manifest("v" + (seed & 0xff), list.size(), b.digest(), b.chunker(), list));
    }

    @Provide
    Arbitrary<List<Mutations.Mutation>> mutations() {
        return Mutations.mutations();
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 1 << 16), Arbitraries.just(1 << 30));
    }

    @Property
    void wholeWireFormsComeBackExactly(@ForAll long seed, @ForAll boolean patch) throws Exception {
        byte[] manifest = related(seed);
        byte[] wire = patch ? ManifestDelta.encode(manifest, BASE_ID, base) : ManifestDelta.encode(manifest, null, null);
        assertThat(ManifestDelta.decode(wire, patch ? base : null, 1 << 30)).isEqualTo(manifest);
    }

    @Property
    void mutatedWireFormsAreRefusedOrBounded(@ForAll long seed, @ForAll boolean patch,
                                             @ForAll("mutations") List<Mutations.Mutation> mutations,
                                             @ForAll("limits") int limit) {
        byte[] manifest = related(seed);
        byte[] wire = patch ? ManifestDelta.encode(manifest, BASE_ID, base) : ManifestDelta.encode(manifest, null, null);
        decodeOrRefuse(Mutations.apply(wire, mutations), limit);
    }

    /** Frames zstd makes properly, of manifests that are not: the header check is all that stands. */
    @Property
    void wellFramedDamagedManifestsAreRefusedOrBounded(@ForAll long seed, @ForAll boolean patch,
                                                       @ForAll("mutations") List<Mutations.Mutation> mutations,
                                                       @ForAll @IntRange(max = 1 << 20) int padding) {
        byte[] damaged = Mutations.apply(related(seed), mutations);
        damaged = java.util.Arrays.copyOf(damaged, damaged.length + padding); // inflates, as the 1 GiB one did
        byte[] wire = patch ? ManifestDelta.encode(damaged, BASE_ID, base) : ManifestDelta.encode(damaged, null, null);
        decodeOrRefuse(wire, 1 << 30);
    }

    /** Arbitrary bytes, alone or after a valid head (plain, or a patch of the base). */
    @Provide
    Arbitrary<byte[]> junk() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        byte[] patchHead = new byte[33];
        patchHead[0] = 1;
        System.arraycopy(BASE_ID.bytes(), 0, patchHead, 1, 32);
        return Arbitraries.oneOf(any, any.map(b -> concat(new byte[] {0}, b)), any.map(b -> concat(patchHead, b)),
                any.map(b -> concat(new byte[] {0, 0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, b))); // a zstd frame's magic
    }

    @Property
    void arbitraryBytesAreRefusedOrBounded(@ForAll("junk") byte[] wire, @ForAll("limits") int limit) {
        decodeOrRefuse(wire, limit);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void decodeOrRefuse(byte[] wire, int limit) {
        byte[] out;
        try {
            ManifestId baseId = ManifestDelta.baseOf(wire);
            out = ManifestDelta.decode(wire, baseId == null ? null : base, limit);
        } catch (ManifestFormatException e) {
            Outcomes.refused(e);
            return;
        }
        Outcomes.accepted();
        assertThat(out.length).isLessThanOrEqualTo(limit).isLessThanOrEqualTo(ManifestCodec.MAX_BYTES);
        try {
            ManifestHeader.read(new ManifestReader(out, out.length)).checkLength(out.length);
        } catch (ManifestFormatException e) {
            throw new AssertionError("decoded " + out.length + " bytes that their header does not allow", e);
        }
        try {
            codec.decode(out); // the receiver's next step: it too refuses or decodes, nothing else
        } catch (ManifestFormatException e) {
            // refused: fine
        }
    }
}
