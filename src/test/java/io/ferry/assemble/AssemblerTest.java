package io.ferry.assemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkSink;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.ChunkingPipeline;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.Manifest;
import io.ferry.store.ChunkStore;
import io.ferry.store.MissingChunkException;
import io.ferry.store.Origin;
import io.ferry.testing.TestData;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssemblerTest {
    @TempDir
    Path dir;

    private final ZeroChunks zeros = new ZeroChunks();

    private Manifest manifest(byte[] data) throws IOException {
        ChunkerParams p = ChunkerParams.fastCdc(4096);
        try (ChunkingPipeline pipeline = new ChunkingPipeline(p, 2, zeros)) {
            ChunkingPipeline.Scan s = pipeline.scan(Channels.newChannel(new java.io.ByteArrayInputStream(data)),
                    ChunkSink.NONE, n -> { });
            return new Manifest("img", data.length, ImageDigest.of(s.digest().bytes()), p, s.chunks());
        }
    }

    /** A source over the original bytes that can be told to lose chunks. */
    private static final class ArraySource implements ChunkStore {
        final Map<ChunkId, Long> offsets = new HashMap<>();
        final byte[] data;
        volatile boolean lose;

        ArraySource(byte[] data, ChunkList chunks) {
            this.data = data;
            for (int i = 0; i < chunks.count(); i++) {
                offsets.put(chunks.id(i), chunks.offset(i));
            }
        }

        @Override
        public int length(ChunkId id) {
            return offsets.containsKey(id) ? 1 : -1;
        }

        @Override
        public Origin read(ChunkId id, int length, byte[] dst) throws MissingChunkException {
            Long at = offsets.get(id);
            if (at == null || (lose && id.hashCode() % 3 == 0)) {
                throw MissingChunkException.notIn(id, "the array");
            }
            System.arraycopy(data, at.intValue(), dst, 0, length);
            return Origin.SEED;
        }
    }

    @Test
    void assemble_randomSparseRepetitive_bitIdentical() throws Exception {
        for (byte[] data : new byte[][] {TestData.random(1, 3_000_000), TestData.sparse(2, 3_000_000),
                TestData.repetitive(3, 3_000_000), new byte[0], new byte[1]}) {
            Manifest m = manifest(data);
            Path out = dir.resolve("out.img");
            Files.deleteIfExists(out); // an assembly never replaces a file it was not told to
            AssemblyResult r = assemble(2, m, out, new ArraySource(data, m.chunks()), new AtomicLong());
            assertThat(Files.readAllBytes(out)).isEqualTo(data);
            assertThat(r.bytesTotal()).isEqualTo(data.length);
            assertThat(r.bytesZero() + r.bytesFrom(Provenance.SEED)).isEqualTo(data.length);
            assertThat(Assembly.partFile(out)).doesNotExist();
        }
    }

    @Test
    void assemble_zeroChunks_leftAsHoles() throws Exception {
        byte[] data = new byte[16 << 20];
        System.arraycopy(TestData.random(4, 1 << 20), 0, data, 8 << 20, 1 << 20);
        Manifest m = manifest(data);
        Path out = dir.resolve("sparse.img");
        assemble(2, m, out, new ArraySource(data, m.chunks()), new AtomicLong());
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        assertThat(allocatedBytes(out)).as("blocks allocated for a 16 MiB file with 1 MiB of data")
                .isLessThan(3L << 20);
    }

    @Test
    void assemble_chunksMissing_noTargetAndRetryReusesThePartialFile() throws Exception {
        byte[] data = TestData.random(5, 2_000_000);
        Manifest m = manifest(data);
        Path out = dir.resolve("img");
        ArraySource source = new ArraySource(data, m.chunks());
        source.lose = true;
        assertThatThrownBy(() -> assemble(2, m, out, source, new AtomicLong()))
                .isInstanceOf(ChunksMissingException.class).hasMessageContaining("are not available");
        assertThat(out).doesNotExist();
        assertThat(Assembly.partFile(out)).exists();

        source.lose = false;
        AssemblyResult r = assemble(2, m, out, source, new AtomicLong());
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        assertThat(r.bytesFrom(Provenance.PARTIAL)).as("chunks kept from the first attempt").isPositive();
        assertThat(r.bytesFrom(Provenance.SEED)).as("only the lost chunks read again").isLessThan(data.length);
    }

    @Test
    void assemble_partialFileWithGarbage_overwrittenAndCorrect() throws Exception {
        byte[] data = TestData.sparse(6, 2_000_000);
        Manifest m = manifest(data);
        Path out = dir.resolve("img");
        Files.write(Assembly.partFile(out), TestData.random(7, data.length));
        assemble(2, m, out, new ArraySource(data, m.chunks()), new AtomicLong());
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
    }

    @Test
    void assemble_sourceLies_wholeImageDigestCatchesItAndNothingAppears() throws Exception {
        byte[] data = TestData.random(8, 1_000_000);
        Manifest m = manifest(data);
        Path out = dir.resolve("img");
        ArraySource liar = new ArraySource(TestData.random(9, data.length), m.chunks());
        assertThatThrownBy(() -> assemble(2, m, out, liar, new AtomicLong(), true))
                .hasMessageContaining("SHA-256");
        assertThat(out).doesNotExist();
        assertThat(Assembly.partFile(out)).doesNotExist();
    }

    @Test
    void assemble_targetAppearedMeanwhile_leftAloneAndImageKept() throws Exception {
        byte[] data = TestData.random(10, 500_000);
        Manifest m = manifest(data);
        Path out = dir.resolve("img");
        try (Assembly a = Assembly.open(m, OutputTarget.file(out), zeros, false, new AtomicLong())) {
            new Assembler(zeros, 2).fill(a, new ArraySource(data, m.chunks()));
            Files.writeString(out, "someone else's");
            assertThatThrownBy(a::finish).isInstanceOf(OutputRefusedException.class).hasMessageContaining("appeared");
        }
        assertThat(Files.readString(out)).isEqualTo("someone else's");
    }

    @Test
    void assemble_sha256Asked_reportedAndMatchesTheManifest() throws Exception {
        byte[] data = TestData.sparse(11, 1_000_000);
        Manifest m = manifest(data);
        AssemblyResult r = assemble(2, m, dir.resolve("img"), new ArraySource(data, m.chunks()), new AtomicLong(), true);
        assertThat(r.sha256()).isEqualTo(m.digest());
        assertThat(assemble(2, m, dir.resolve("img2"), new ArraySource(data, m.chunks()), new AtomicLong()).sha256())
                .as("not computed unless asked").isNull();
    }

    /** Writes the whole image from {@code source}, failing (and keeping the partial file) if it lacks chunks. */
    private AssemblyResult assemble(int threads, Manifest m, Path target, ChunkStore source, AtomicLong progress)
            throws Exception {
        return assemble(threads, m, target, source, progress, false);
    }

    private AssemblyResult assemble(int threads, Manifest m, Path target, ChunkStore source, AtomicLong progress,
                                    boolean sha256) throws Exception {
        try (Assembly a = Assembly.open(m, OutputTarget.file(target), zeros, sha256, progress)) {
            new Assembler(zeros, threads).fill(a, source);
            return a.finish();
        }
    }

    static long allocatedBytes(Path f) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", f.toString()).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String[] parts = new String(p.getInputStream().readAllBytes()).trim().split(" ");
        return Long.parseLong(parts[0]) * Long.parseLong(parts[1]);
    }
}
