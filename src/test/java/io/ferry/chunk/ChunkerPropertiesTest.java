package io.ferry.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ChunkerPropertiesTest {

    @Provide
    Arbitrary<ChunkerParams> params() {
        return Arbitraries.oneOf(
                Arbitraries.of(1024, 4096, 16384).map(ChunkerParams::fastCdc),
                Arbitraries.of(8192, 16384, 65536).map(ChunkerParams::blockCdc),
                Arbitraries.of(512, 4096, 10000).map(ChunkerParams::fixed));
    }

    @Property(tries = 60)
    void cut_anyInput_chunksWithinBoundsAndSumToInput(@ForAll("params") ChunkerParams p, @ForAll long seed,
                                                      @ForAll @IntRange(min = 0, max = 300_000) int size) {
        byte[] data = seed % 2 == 0 ? TestData.random(seed, size) : TestData.sparse(seed, size);
        List<Integer> cuts = Cuts.of(io.ferry.chunk.Chunkers.of(p), data);
        long sum = 0;
        for (int i = 0; i < cuts.size(); i++) {
            int len = cuts.get(i);
            assertThat(len).as("chunk %d of %s", i, p.describe()).isLessThanOrEqualTo(p.max()).isPositive();
            if (i < cuts.size() - 1) {
                assertThat(len).as("chunk %d of %s", i, p.describe()).isGreaterThanOrEqualTo(p.min());
            }
            sum += len;
        }
        assertThat(sum).isEqualTo(size);
    }

    @Property(tries = 25)
    void scan_anyReadSplit_sameChunksAsOneArray(@ForAll("params") ChunkerParams p, @ForAll long seed,
                                                @ForAll @IntRange(min = 0, max = 6_000_000) int size) throws IOException {
        byte[] data = TestData.sparse(seed, size);
        List<Integer> expected = Cuts.of(io.ferry.chunk.Chunkers.of(p), data);
        ChunkList got;
        ChunkId digest;
        try (ChunkingPipeline pipeline = new ChunkingPipeline(p, 2, new ZeroChunks())) {
            ChunkingPipeline.Scan scan = pipeline.scan(new RaggedChannel(data, seed), ChunkSink.NONE, n -> { });
            got = scan.chunks();
            digest = scan.digest();
        }
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < got.count(); i++) {
            lengths.add(got.length(i));
            assertThat(got.id(i)).isEqualTo(new Sha256().digest(data, (int) got.offset(i), got.length(i)));
            assertThat(got.isZero(i)).isEqualTo(new ZeroChunks().isZero(data, (int) got.offset(i), got.length(i)));
        }
        assertThat(lengths).isEqualTo(expected);
        assertThat(digest).isEqualTo(new Sha256().digest(data, 0, data.length));
    }

    /**
     * Inserting a few bytes changes the chunk that holds them; the cuts after it resynchronise almost
     * always at once. Cut-point skipping can hide the old next cut inside the new chunk's skipped
     * prefix, so a thin geometric tail of longer resyncs exists (measured over 2000 trials: 96.5% one
     * chunk, 2.4% two, at most 7). The trials use fixed seeds so the figure cannot flake.
     */
    @Test
    void fastCdc_fewBytesInserted_almostAlwaysOneChunkChanges() {
        ChunkerParams p = ChunkerParams.fastCdc(4096);
        int trials = 300;
        int single = 0;
        int worst = 0;
        for (int t = 0; t < trials; t++) {
            SplittableRandom r = new SplittableRandom(1000 + t);
            byte[] a = TestData.random(t, 1 << 19);
            int at = r.nextInt(a.length);
            int inserted = 1 + r.nextInt(16);
            byte[] b = new byte[a.length + inserted];
            System.arraycopy(a, 0, b, 0, at);
            for (int i = 0; i < inserted; i++) {
                b[at + i] = (byte) r.nextInt();
            }
            System.arraycopy(a, at, b, at + inserted, a.length - at);
            Set<ChunkId> fresh = ids(p, b);
            fresh.removeAll(ids(p, a));
            single += fresh.size() == 1 ? 1 : 0;
            worst = Math.max(worst, fresh.size());
        }
        assertThat(single).as("trials where exactly one chunk changed").isGreaterThanOrEqualTo(trials * 9 / 10);
        assertThat(worst).as("most chunks changed by one small insertion").isLessThanOrEqualTo(8);
    }

    private static Set<ChunkId> ids(ChunkerParams p, byte[] data) {
        Set<ChunkId> ids = new HashSet<>();
        int pos = 0;
        for (int len : Cuts.of(io.ferry.chunk.Chunkers.of(p), data)) {
            ids.add(new Sha256().digest(data, pos, len));
            pos += len;
        }
        return ids;
    }

    /** A channel that hands out its bytes in reads of random sizes, as pipes and sockets do. */
    private static final class RaggedChannel implements ReadableByteChannel {
        private final byte[] data;
        private final SplittableRandom sizes;
        private int pos;

        RaggedChannel(byte[] data, long seed) {
            this.data = data;
            this.sizes = new SplittableRandom(seed ^ 0x5DEECE66DL);
        }

        @Override
        public int read(ByteBuffer dst) {
            if (pos == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(dst.remaining(), data.length - pos), 1 + sizes.nextInt(100_000));
            dst.put(data, pos, n);
            pos += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
