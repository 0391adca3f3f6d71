package io.ferry.bench;

import io.ferry.chunk.ChunkSink;
import io.ferry.chunk.Chunker;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.ChunkingPipeline;
import io.ferry.chunk.Sha256;
import io.ferry.chunk.ZeroChunks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chunking and hashing throughput on 64 MiB in memory, for both content-defined chunkers at 16 KiB.
 * {@code sha256} is the single-core baseline every other figure is compared with in the same run;
 * {@code cutOnly} finds boundaries alone; {@code pipeline} is what import does (cut, name every chunk
 * on a pool, SHA-256 of the whole stream on its own thread) on random data and on disk-like data
 * that is 75% zeros.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ChunkingBenchmark {
    static final int SIZE = 64 << 20;

    @Param({"random", "diskLike"})
    public String data;

    @Param({"blockcdc", "fastcdc"})
    public String chunker;

    byte[] bytes;
    Chunker cutter;
    ChunkingPipeline pipeline;

    @Setup
    public void setUp() {
        bytes = new byte[SIZE];
        SplittableRandom r = new SplittableRandom(42);
        r.nextBytes(bytes);
        if (data.equals("diskLike")) {
            for (int at = 0; at < SIZE; at += 4 << 20) { // 1 MiB of data, then 3 MiB of free space
                Arrays.fill(bytes, at + (1 << 20), Math.min(SIZE, at + (4 << 20)), (byte) 0);
            }
        }
        ChunkerParams params = ChunkerParams.of(ChunkerParams.Kind.parse(chunker), 16384);
        cutter = io.ferry.chunk.Chunkers.of(params);
        pipeline = new ChunkingPipeline(params, 2, new ZeroChunks());
    }

    @TearDown
    public void tearDown() {
        pipeline.close();
    }

    @Benchmark
    public byte[] sha256() {
        Sha256 sha = new Sha256();
        sha.raw().update(bytes, 0, bytes.length);
        return sha.raw().digest();
    }

    @Benchmark
    public int cutOnly() {
        int n = 0;
        for (int pos = 0; pos < bytes.length; n++) {
            pos += cutter.cut(bytes, pos, Math.min(cutter.maxSize(), bytes.length - pos));
        }
        return n;
    }

    @Benchmark
    public int pipeline() throws IOException {
        return pipeline.scan(new ArrayChannel(bytes), ChunkSink.NONE, x -> { }).chunks().count();
    }

    /** Hands out the array with one copy per read, as a page-cached file does. */
    static final class ArrayChannel implements ReadableByteChannel {
        private final byte[] data;
        private int pos;

        ArrayChannel(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (pos == data.length) {
                return -1;
            }
            int n = Math.min(dst.remaining(), data.length - pos);
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
