package io.ferry.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.util.NativeFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Skipping holes must give exactly the chunks that reading every byte gives: files with random holes
 * and data (zeros written as data too, unaligned edges, data at the very end) are scanned both ways.
 */
class HoleSkippingTest {
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        // under /var/tmp: a disk file system (ext4 here), whose holes are real, not tmpfs pages
        dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "holes");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Provide
    Arbitrary<ChunkerParams> params() {
        return Arbitraries.of(ChunkerParams.defaults(), ChunkerParams.blockCdc(8192), ChunkerParams.fastCdc(16384),
                ChunkerParams.fastCdc(1024), ChunkerParams.fixed(4096), ChunkerParams.fixed(10000));
    }

    @Property(tries = 40)
    void scan_randomSparseFile_sameChunksAsReadingEveryByte(@ForAll("params") ChunkerParams p, @ForAll long seed)
            throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        long size = switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(200_000);
            case 1 -> 1 + r.nextInt(3 << 20);
            default -> 1 + r.nextInt(14 << 20);
        };
        Path f = dir.resolve("f" + Long.toHexString(seed));
        try {
            write(f, size, r);
            assertSameBothWays(f, p);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Example
    void scan_allHole_sameAsReading() throws Exception {
        Path f = dir.resolve("hole");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength((37L << 20) + 123);
        }
        try {
            // only the last window's bytes reach the cutter (as zeros made in memory), none of the hole
            assertThat(assertSameBothWays(f, ChunkerParams.defaults())).isLessThan(2 * 65536);
            assertThat(assertSameBothWays(f, ChunkerParams.fastCdc(16384))).isLessThan(2 * 65536);
        } finally {
            Files.delete(f);
        }
    }

    @Example
    void scan_oneByteAndDataAtTheEnd_sameAsReading() throws Exception {
        Path one = dir.resolve("one");
        Path end = dir.resolve("end");
        try {
            Files.write(one, new byte[] {7});
            assertSameBothWays(one, ChunkerParams.defaults());
            try (FileChannel ch = FileChannel.open(end, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), (9L << 20) + 5);
            }
            assertSameBothWays(end, ChunkerParams.defaults());
            assertSameBothWays(end, ChunkerParams.fixed(4096));
        } finally {
            Files.deleteIfExists(one);
            Files.deleteIfExists(end);
        }
    }

    /** A file of {@code size} bytes: holes, random data, zeros written as data and data with zero blocks. */
    private static void write(Path f, long size, SplittableRandom r) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int pieces = r.nextInt(12);
            for (int i = 0; i < pieces; i++) {
                long at = r.nextLong(size);
                int len = (int) Math.min(size - at, 1 + r.nextInt(r.nextBoolean() ? 5000 : 1 << 20));
                ch.write(ByteBuffer.wrap(piece(len, r)), at);
            }
            if (r.nextBoolean()) { // data up to the very end
                int len = (int) Math.min(size, 1 + r.nextInt(70_000));
                ch.write(ByteBuffer.wrap(piece(len, r)), size - len);
            }
            ch.truncate(size);
        }
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    private static byte[] piece(int len, SplittableRandom r) {
        byte[] b = new byte[len];
        switch (r.nextInt(3)) {
            case 0 -> r.nextBytes(b);
            case 1 -> { } // zeros, written as data
            default -> {
                r.nextBytes(b);
                for (int z = 0; z < len; z += 4096) { // zero runs inside data, some of them block-sized
                    if (r.nextInt(3) == 0) {
                        java.util.Arrays.fill(b, z, Math.min(len, z + 4096 * (1 + r.nextInt(40))), (byte) 0);
                    }
                }
            }
        }
        return b;
    }

    /** Returns how many bytes the hole-skipping scan showed its sink. */
    private static long assertSameBothWays(Path f, ChunkerParams p) throws Exception {
        long size = Files.size(f);
        ChunkingPipeline.Scan read;
        ChunkingPipeline.Scan skipped;
        AtomicLong sunk = new AtomicLong();
        try (ChunkingPipeline pipeline = new ChunkingPipeline(p, 2, new ZeroChunks());
             FileChannel a = FileChannel.open(f);
             FileChannel b = FileChannel.open(f);
             NativeFile nf = NativeFile.openRead(f)) {
            read = pipeline.scan(a, ChunkSink.NONE, n -> { });
            skipped = pipeline.scan(new SparseFileSource(b, nf, size, p.max()), true,
                    (ref, data, off) -> sunk.addAndGet(ref.length()), n -> { });
        }
        assertThat(skipped.chunks()).as("chunks of %s (%d bytes) with %s", f, size, p.describe())
                .isEqualTo(read.chunks());
        assertThat(skipped.digest()).isEqualTo(read.digest()).isEqualTo(ChunkId.of(sha256(f)));
        assertThat(skipped.chunks().size()).isEqualTo(size);
        assertThat(sunk.get()).isLessThanOrEqualTo(size);
        return sunk.get();
    }

    private static byte[] sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(Files.readAllBytes(f));
        return md.digest();
    }
}
