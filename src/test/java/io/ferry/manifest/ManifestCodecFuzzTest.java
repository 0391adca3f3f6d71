package io.ferry.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.ZeroChunks;
import io.ferry.testing.Mutations;
import io.ferry.testing.Outcomes;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes {@link ManifestCodec#decode} with arbitrary bytes, raw headers of any values and mutated
 * valid encodings (with the checksum made good again, so the damage reaches past it). The decoder may
 * only return a manifest whose encoding is exactly the input, or throw {@link ManifestFormatException};
 * anything else fails the property. What it may allocate follows from the input's length: a chunk
 * list is only sized after the length is checked against the declared count (tries: jqwik's
 * {@code jqwik.tries.default}, 1000 unless bench/fuzz.sh sets more).
 */
class ManifestCodecFuzzTest {
    private final ZeroChunks zeros = new ZeroChunks();
    private final ManifestCodec codec = new ManifestCodec(zeros);

    /** Valid manifests of every chunker kind: zero and data chunks, the last one short. */
    @Provide
    Arbitrary<Manifest> manifests() {
        Arbitrary<ChunkerParams> chunker = Arbitraries.of(ChunkerParams.fastCdc(1024), ChunkerParams.blockCdc(16384),
                ChunkerParams.fixed(4096), ChunkerParams.fastCdc(65536));
        return Combinators.combine(chunker, Arbitraries.integers().between(0, 40), Arbitraries.longs(),
                Arbitraries.strings().withChars("abcxyz019._:@+-").ofMinLength(0).ofMaxLength(20))
                .as((p, count, seed, suffix) -> manifest(p, count, seed, "v" + suffix));
    }

    private Manifest manifest(ChunkerParams p, int count, long seed, String name) {
        SplittableRandom r = new SplittableRandom(seed);
        ChunkList.Builder b = new ChunkList.Builder(count);
        byte[] id = new byte[ChunkId.BYTES];
        for (int i = 0; i < count; i++) {
            int length = i == count - 1 ? 1 + r.nextInt(p.max()) : p.min() + r.nextInt(p.max() - p.min() + 1);
            if (r.nextInt(3) == 0) {
                b.add(zeros.id(length), length, true);
            } else {
                r.nextBytes(id);
                b.add(ChunkId.of(id), length, false);
            }
        }
        ChunkList list = b.build();
        r.nextBytes(id);
        // half without the whole-image SHA-256: those encode as version 2, so both decoders are fuzzed
        return new Manifest(name, list.size(), r.nextBoolean() ? ImageDigest.of(id) : null, p, list);
    }

    @Provide
    Arbitrary<byte[]> junk() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> afterMagic = Combinators.combine(Arbitraries.of((byte) 1, (byte) 2), any)
                .as((version, tail) -> concat(new byte[] {'F', 'R', 'Y', 'M', version}, tail));
        Arbitrary<Long> number = Arbitraries.oneOf(Arbitraries.longs().between(0, 1 << 20),
                Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.of(0L, 1L, 255L, 256L, 4096L, 65536L,
                        1L << 22, 1L << 25, (1L << 25) + 1, 2L << 40, (2L << 40) + 1, 1L << 31, 1L << 32));
        Arbitrary<byte[]> header = Combinators.combine(number, Arbitraries.integers().between(0, 3), number, number, number,
                number, any).as((size, kind, min, avg, max, count, tail) -> RawManifest.header("x", size, kind,
                        (int) Math.min(min, Integer.MAX_VALUE), (int) Math.min(avg, Integer.MAX_VALUE),
                        (int) Math.min(max, Integer.MAX_VALUE), count).raw(tail).seal());
        return Arbitraries.oneOf(any, afterMagic, header);
    }

    @Provide
    Arbitrary<List<Mutations.Mutation>> mutations() {
        return Mutations.mutations();
    }

    @Property
    void validManifestsRoundTrip(@ForAll("manifests") Manifest m) throws Exception {
        byte[] encoded = codec.encode(m);
        assertThat(codec.decode(encoded)).isEqualTo(m);
        decodeOrRefuse(encoded);
    }

    @Property
    void arbitraryBytesAreRefusedOrExact(@ForAll("junk") byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    @Property
    void mutatedManifestsAreRefusedOrExact(@ForAll("manifests") Manifest m,
                                           @ForAll("mutations") List<Mutations.Mutation> mutations,
                                           @ForAll boolean reseal) {
        byte[] bad = Mutations.apply(codec.encode(m), mutations);
        decodeOrRefuse(reseal ? RawManifest.reseal(bad) : bad);
    }

    /**
     * Decodes {@code bytes}: a ManifestFormatException, or a manifest whose encoding is exactly
     * {@code bytes}. Any other exception fails the property.
     */
    private void decodeOrRefuse(byte[] bytes) {
        assertAllocationBounded(bytes);
        Manifest m;
        try {
            m = codec.decode(bytes);
        } catch (ManifestFormatException e) {
            Outcomes.refused(e);
            return;
        }
        Outcomes.accepted();
        assertThat(codec.encode(m)).as("the one encoding of what was decoded").isEqualTo(bytes);
    }

    /**
     * The decoder sizes a chunk list by the declared count only once the header is valid and the
     * length fits it; then the count is at most the length (every record takes a byte), so what it
     * allocates is proportional to what it was given, and never beyond the absolute bound.
     */
    private static void assertAllocationBounded(byte[] bytes) {
        ManifestHeader h;
        try {
            h = ManifestHeader.read(new ManifestReader(bytes, bytes.length));
            h.checkLength(bytes.length);
        } catch (ManifestFormatException e) {
            return;
        }
        assertThat((long) h.count()).isLessThanOrEqualTo(bytes.length);
        assertThat(h.maxBytes()).isLessThanOrEqualTo(ManifestCodec.MAX_BYTES);
        assertThat(h.size()).isLessThanOrEqualTo(Manifest.MAX_SIZE);
        assertThat(h.chunker().max()).isLessThanOrEqualTo(ChunkerParams.LARGEST); // the most zeros hashed
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
