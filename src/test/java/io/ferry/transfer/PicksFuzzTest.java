package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import io.ferry.testing.Mutations;
import io.ferry.testing.Outcomes;
import io.ferry.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzes both ends of a pick: the request a server parses ({@link Picks#parse}) and the response a
 * client reads ({@link Picks#readResponse}). A request is refused with an IllegalArgumentException
 * or names at most {@link RequestLimits#MAX_CHUNKS} distinct ascending indices inside the manifest,
 * and is exactly their one encoding; a response yields verified chunks asked for, in order, or a
 * {@link PeerException}. Nothing else may be thrown.
 */
class PicksFuzzTest {
    private static final int CHUNKS = 8;
    private final byte[][] data = new byte[CHUNKS][];
    private final ChunkList chunks;

    PicksFuzzTest() {
        ChunkList.Builder b = new ChunkList.Builder(CHUNKS);
        for (int i = 0; i < CHUNKS; i++) {
            data[i] = TestData.random(i, 100 + 400 * i);
            b.add(new Sha256().digest(data[i], 0, data[i].length), data[i].length, false);
        }
        chunks = b.build();
    }

    /** Ascending indices below 5,000: scattered ones and runs. */
    @Provide
    Arbitrary<int[]> indices() {
        Arbitrary<List<Integer>> scattered = Arbitraries.integers().between(0, 4999).list().ofMinSize(1).ofMaxSize(300);
        Arbitrary<List<Integer>> runs = Combinators.combine(Arbitraries.integers().between(0, 4000),
                Arbitraries.integers().between(1, 1000)).as((s, n) -> {
                    List<Integer> l = new ArrayList<>();
                    for (int i = s; i < s + n; i++) {
                        l.add(i);
                    }
                    return l;
                }).list().ofMinSize(1).ofMaxSize(4).map(ls -> ls.stream().flatMap(List::stream).toList());
        return Arbitraries.oneOf(scattered, runs).map(l -> new TreeSet<>(l).stream().limit(Picks.MAX_INDICES)
                .mapToInt(Integer::intValue).toArray());
    }

    @Provide
    Arbitrary<List<Mutations.Mutation>> mutations() {
        return Mutations.mutations();
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(RequestLimits.MAX_PICK_BODY + 16));
    }

    @Property
    void requestsRoundTrip(@ForAll("indices") int[] indices) {
        assertThat(Picks.parse(Picks.request(indices), 5000)).containsExactly(indices);
    }

    @Property
    void arbitraryRequestsAreRefusedOrExact(@ForAll("bodies") byte[] body, @ForAll @IntRange(max = 1 << 22) int count) {
        parseOrRefuse(body, count);
    }

    @Property
    void mutatedRequestsAreRefusedOrExact(@ForAll("indices") int[] indices, @ForAll("mutations") List<Mutations.Mutation> m,
                                          @ForAll @IntRange(min = 1, max = 6000) int count) {
        parseOrRefuse(Mutations.apply(Picks.request(indices), m), count);
    }

    private static void parseOrRefuse(byte[] body, int count) {
        int[] out;
        try {
            out = Picks.parse(body, count);
        } catch (IllegalArgumentException e) {
            Outcomes.refused(e);
            return;
        }
        Outcomes.accepted();
        assertThat(body.length).isLessThanOrEqualTo(RequestLimits.MAX_PICK_BODY);
        assertThat(out.length).isBetween(1, RequestLimits.MAX_CHUNKS);
        for (int k = 0; k < out.length; k++) {
            assertThat(out[k]).isBetween(k == 0 ? 0 : out[k - 1] + 1, count - 1);
        }
        assertThat(Picks.request(out)).as("the one encoding of these indices").isEqualTo(body);
    }

    /** A subset of the eight chunks, ascending. */
    @Provide
    Arbitrary<int[]> asked() {
        return Arbitraries.integers().between(0, CHUNKS - 1).set().ofMinSize(1).ofMaxSize(CHUNKS)
                .map(s -> new TreeSet<>(s).stream().mapToInt(Integer::intValue).toArray());
    }

    private byte[] response(int[] asked) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i : asked) {
            all.write(1); // the chunk's bytes follow
            all.writeBytes(data[i]);
        }
        return Zstd.compress(all.toByteArray(), 3);
    }

    @Property
    void wholeResponsesAreTaken(@ForAll("asked") int[] asked) throws Exception {
        List<ChunkId> got = new ArrayList<>();
        Picks.readResponse("peer", new ByteArrayInputStream(response(asked)), chunks, asked, (id, d, n) -> got.add(id));
        assertThat(got).hasSize(asked.length);
    }

    @Property
    void mutatedResponsesYieldVerifiedChunksOrAPeerException(@ForAll("asked") int[] asked,
                                                             @ForAll("mutations") List<Mutations.Mutation> m) {
        readOrRefuse(asked, Mutations.apply(response(asked), m));
    }

    @Property
    void arbitraryResponsesYieldAPeerException(@ForAll("asked") int[] asked, @ForAll("bodies") byte[] body) {
        readOrRefuse(asked, body);
    }

    private void readOrRefuse(int[] asked, byte[] body) {
        List<ChunkId> got = new ArrayList<>();
        try {
            Picks.readResponse("peer", new ByteArrayInputStream(body), chunks, asked, (id, d, n) -> {
                assertThat(new Sha256().digest(d, 0, n)).isEqualTo(id);
                got.add(id);
            });
            Outcomes.accepted();
            assertThat(got).hasSize(asked.length);
        } catch (PeerException e) {
            Outcomes.refused(e);
        }
        for (int k = 0; k < got.size(); k++) {
            assertThat(got.get(k)).as("chunks come as asked, in order").isEqualTo(chunks.id(asked[k]));
        }
        assertThat(Set.copyOf(got)).hasSameSizeAs(got);
    }
}
