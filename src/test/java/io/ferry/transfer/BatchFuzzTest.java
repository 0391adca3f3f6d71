package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import io.ferry.testing.Mutations;
import io.ferry.testing.Outcomes;
import io.ferry.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzes both ends of a batch: the request a server parses ({@link Batch#parseRequest}) and the
 * response a client reads ({@link Batch#readResponse}: header, then one zstd stream). A request is
 * refused with an IllegalArgumentException or names 1 to {@link RequestLimits#MAX_CHUNKS} distinct ids
 * and is exactly their encoding; a response yields verified chunks that were asked for, each once,
 * or a {@link PeerException}. Nothing else may be thrown.
 */
class BatchFuzzTest {
    private static final int CHUNKS = 6;
    private static final int MAX_LENGTH = 4096;
    private final List<byte[]> data = new ArrayList<>();
    private final List<ChunkId> ids = new ArrayList<>();

    BatchFuzzTest() {
        for (int i = 0; i < CHUNKS; i++) {
            byte[] d = TestData.random(10 + i, 200 + 600 * i);
            data.add(d);
            ids.add(new Sha256().digest(d, 0, d.length));
        }
    }

    @Provide
    Arbitrary<List<Mutations.Mutation>> mutations() {
        return Mutations.mutations();
    }

    /** Request bodies: whole ids (some repeated, some beyond the limit in number) or any bytes. */
    @Provide
    Arbitrary<byte[]> requests() {
        Arbitrary<byte[]> id = Arbitraries.bytes().array(byte[].class).ofSize(ChunkId.BYTES);
        // lists at the limit cost a thousand ids to make: one case in ten is enough to keep the limit honest
        Arbitrary<byte[]> ids = Arbitraries.frequencyOf(Tuple.of(6, id.list().ofMaxSize(20)),
                        Tuple.of(1, id.list().ofMinSize(RequestLimits.MAX_CHUNKS - 2).ofMaxSize(RequestLimits.MAX_CHUNKS + 2)),
                        Tuple.of(3, id.list().ofMinSize(1).ofMaxSize(5).map(l -> { // one of them twice
                            List<byte[]> twice = new ArrayList<>(l);
                            twice.add(l.get(0));
                            return twice;
                        })))
                .map(l -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    l.forEach(out::writeBytes);
                    return out.toByteArray();
                });
        return Arbitraries.oneOf(ids, Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    }

    @Property
    void requestsAreRefusedOrExact(@ForAll("requests") byte[] body) {
        List<ChunkId> out;
        try {
            out = Batch.parseRequest(body);
        } catch (IllegalArgumentException e) {
            Outcomes.refused(e);
            return;
        }
        Outcomes.accepted();
        assertThat(out.size()).isBetween(1, RequestLimits.MAX_CHUNKS);
        assertThat(new HashSet<>(out)).hasSameSizeAs(out);
        assertThat(Batch.request(out)).isEqualTo(body);
    }

    /** Which of the six chunks are asked for, and which of those the answer carries, in what order. */
    @Provide
    Arbitrary<List<Integer>> subsets() {
        return Arbitraries.integers().between(0, CHUNKS - 1).set().ofMinSize(1).ofMaxSize(CHUNKS).map(List::copyOf);
    }

    private byte[] response(List<Integer> carried) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Batch.Entry> entries = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i : carried) {
            entries.add(new Batch.Entry(ids.get(i), data.get(i).length));
            bytes.write(1); // the chunk's bytes follow
            bytes.writeBytes(data.get(i));
        }
        Batch.writeHeader(out, entries);
        if (!carried.isEmpty()) {
            out.writeBytes(Zstd.compress(bytes.toByteArray(), 3));
        }
        return out.toByteArray();
    }

    @Property
    void wholeResponsesAreTaken(@ForAll("subsets") List<Integer> carried) throws Exception {
        List<ChunkId> got = new ArrayList<>();
        Set<ChunkId> missing = Batch.readResponse("peer", new ByteArrayInputStream(response(carried)), ids, MAX_LENGTH,
                (id, d, n) -> got.add(id));
        assertThat(got).hasSize(carried.size());
        assertThat(missing).hasSize(CHUNKS - carried.size());
    }

    @Property
    void mutatedResponsesYieldVerifiedChunksOrAPeerException(@ForAll("subsets") List<Integer> carried,
                                                             @ForAll("mutations") List<Mutations.Mutation> m)
            throws IOException {
        readOrRefuse(Mutations.apply(response(carried), m));
    }

    @Property
    void arbitraryResponsesYieldAPeerException(@ForAll byte[] body) {
        readOrRefuse(body);
    }

    private void readOrRefuse(byte[] body) {
        List<ChunkId> got = new ArrayList<>();
        try {
            Set<ChunkId> missing = Batch.readResponse("peer", new ByteArrayInputStream(body), ids, MAX_LENGTH, (id, d, n) -> {
                assertThat(n).isLessThanOrEqualTo(MAX_LENGTH);
                assertThat(new Sha256().digest(d, 0, n)).isEqualTo(id);
                got.add(id);
            });
            Outcomes.accepted();
            Set<ChunkId> all = new HashSet<>(got);
            all.addAll(missing);
            assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
        } catch (PeerException e) {
            Outcomes.refused(e);
        }
        assertThat(ids).containsAll(got);
        assertThat(new HashSet<>(got)).hasSameSizeAs(got);
    }
}
