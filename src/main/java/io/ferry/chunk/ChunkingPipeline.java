package io.ferry.chunk;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;
import io.ferry.util.NativeFile;

/**
 * ChunkingPipeline turns a byte source into its ordered chunk list and, when asked, its SHA-256, using
 * every core: the calling thread reads and cuts segments of a few MiB, a pool names the chunks of
 * each segment (SHA-256, or a known id for all-zero chunks) and hands them to a {@link ChunkSink},
 * and one more thread digests the whole stream in order. At most {@value #IN_FLIGHT} segments are in
 * memory at once, so memory does not grow with the stream.
 *
 * <p>Cut points depend only on the bytes: a segment ends where fewer than {@code max} bytes are left,
 * and that tail is carried to the start of the next segment. A hole the source knows of is never
 * read: where a whole window of {@code max} bytes lies in it, the chunk there is the one every
 * all-zero window gives ({@code zeroCut} long), so the chunks of the hole are counted, not cut, and
 * come out exactly as reading its zeros would give them. One pipeline runs one scan at a time.
 */
public final class ChunkingPipeline implements AutoCloseable {
    private static final int IN_FLIGHT = 3;
    private static final int MIN_SEGMENT = 4 << 20;
    private static final int ZERO_BLOCK = 64 * 1024;

    private final Chunker chunker;
    private final int max;
    private final int segmentSize;
    private final int hashThreads;
    private final ExecutorService hashers;
    private final ExecutorService digester;
    private final ZeroChunks zeros;
    /** Where the chunker cuts a window of {@code max} zero bytes: the cut of every all-zero window. */
    private final int zeroCut;

    public ChunkingPipeline(ChunkerParams params, int hashThreads, ZeroChunks zeros) {
        this.chunker = Chunkers.of(params);
        this.max = params.max();
        this.segmentSize = Math.max(MIN_SEGMENT, 4 * max);
        this.hashThreads = Math.max(1, hashThreads);
        this.hashers = Executors.newFixedThreadPool(this.hashThreads, io.ferry.util.Threads.daemon("hash"));
        this.digester = Executors.newSingleThreadExecutor(io.ferry.util.Threads.daemon("digest"));
        this.zeros = zeros;
        this.zeroCut = chunker.cut(new byte[max], 0, max);
    }

    /** The result of one scan: the chunks in order and the SHA-256 of all the bytes (null when not asked for). */
    public record Scan(ChunkList chunks, ChunkId digest) {
    }

    /** Reads {@code in} to its end, every byte, and digests it. */
    public Scan scan(ReadableByteChannel in, ChunkSink sink, LongConsumer progress) throws IOException {
        return scan(new StreamSource(in), true, sink, progress);
    }

    /**
     * Reads {@code in} to its end, skipping the zeros it knows of. The sink is not told of the zero
     * chunks inside skipped runs (there are no bytes to show it).
     *
     * @param digest   whether to compute the SHA-256 of all the bytes (zeros of skipped runs are fed
     *                 to it from memory)
     * @param progress told the number of bytes cut so far, from the calling thread
     */
    public Scan scan(ByteSource in, boolean digest, ChunkSink sink, LongConsumer progress) throws IOException {
        ChunkList.Builder out = new ChunkList.Builder();
        MessageDigest whole = digest ? new Sha256().raw() : null;
        Deque<byte[]> free = new ArrayDeque<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            free.add(new byte[segmentSize]);
        }
        Deque<Segment> inFlight = new ArrayDeque<>();
        byte[] previous = null;
        int tailFrom = 0;
        int tailLength = 0;
        long base = 0;
        boolean eof = false;
        try {
            while (!eof || tailLength > 0) {
                long known = in.zerosAt(base);
                if (known >= max) {
                    // every window that starts at most known - max bytes on lies wholly in the hole
                    long run = (known - max) / zeroCut + 1;
                    inFlight.addLast(zeroRun(base, run, whole));
                    base += run * zeroCut;
                    tailLength = 0; // those bytes were zeros of the hole, now counted
                }
                while (free.isEmpty()) {
                    finish(inFlight.removeFirst(), out, free);
                }
                byte[] buf = free.removeFirst();
                if (tailLength > 0) {
                    System.arraycopy(previous, tailFrom, buf, 0, tailLength);
                }
                int filled = tailLength + in.fill(buf, tailLength, base + tailLength, buf.length - tailLength);
                eof = in.atEnd(base + filled);
                Segment seg = cut(buf, filled, eof, base);
                tailFrom = seg.consumed;
                tailLength = filled - seg.consumed;
                previous = buf;
                base += seg.consumed;
                submit(seg, sink, whole);
                inFlight.addLast(seg);
                progress.accept(base);
                if (Thread.interrupted()) {
                    throw new InterruptedIOException("chunking interrupted");
                }
            }
            while (!inFlight.isEmpty()) {
                finish(inFlight.removeFirst(), out, free);
            }
        } finally {
            // on failure, wait for tasks still using buffers so no thread outlives the scan's data
            for (Segment s : inFlight) {
                s.done.exceptionally(e -> null).join();
            }
        }
        return new Scan(out.build(), whole == null ? null : ChunkId.of(whole.digest()));
    }

    /**
     * Reads a file or block device by position, never reading its holes.
     *
     * @throws IOException also when it is empty, or its size changed while it was read
     */
    public Scan scan(Path file, boolean digest, ChunkSink sink, LongConsumer progress) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             NativeFile holes = NativeFile.openRead(file)) {
            long size = in.size(); // a block device's too, where stat says 0
            if (size == 0) {
                throw new IOException(file + " is empty: an image has at least one byte");
            }
            Scan s = scan(new SparseFileSource(in, holes, size, max), digest, sink, progress);
            if (in.size() != size || s.chunks().size() != size) {
                throw new IOException(file + " changed while it was being imported; nothing was recorded");
            }
            return s;
        }
    }

    /** {@code count} zero chunks of {@code zeroCut} bytes at {@code base}, never read; no buffer. */
    private Segment zeroRun(long base, long count, MessageDigest whole) {
        Segment seg = new Segment(null, base, 0, new int[0], new boolean[0]);
        seg.zeroRun = count;
        seg.done = whole == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> feedZeros(whole, count * zeroCut), digester);
        return seg;
    }

    private static void feedZeros(MessageDigest whole, long n) {
        byte[] block = new byte[ZERO_BLOCK];
        for (long left = n; left > 0; left -= ZERO_BLOCK) {
            whole.update(block, 0, (int) Math.min(ZERO_BLOCK, left));
        }
    }

    private Segment cut(byte[] buf, int filled, boolean eof, long base) {
        int pos = 0;
        int[] lens = new int[Math.max(16, filled / 1024)];
        boolean[] zero = new boolean[lens.length];
        int n = 0;
        while (pos < filled) {
            int available = filled - pos;
            if (available < max && !eof) {
                break;
            }
            if (n == lens.length) {
                lens = Arrays.copyOf(lens, n * 2);
                zero = Arrays.copyOf(zero, n * 2);
            }
            // A cut depends only on the window's bytes, so an all-zero window always cuts at zeroCut:
            // free space in a disk image costs a vectorised scan instead of the rolling hash.
            if (available >= max && zeros.isZero(buf, pos, max)) {
                lens[n] = zeroCut;
                zero[n] = true;
            } else {
                lens[n] = chunker.cut(buf, pos, Math.min(available, max));
            }
            pos += lens[n++];
        }
        return new Segment(buf, base, pos, Arrays.copyOf(lens, n), Arrays.copyOf(zero, n));
    }

    private void submit(Segment seg, ChunkSink sink, MessageDigest whole) {
        int n = seg.lengths.length;
        List<CompletableFuture<Void>> parts = new ArrayList<>(hashThreads + 1);
        int per = (n + hashThreads - 1) / Math.max(1, hashThreads);
        for (int from = 0; from < n; from += per) {
            int a = from;
            int b = Math.min(n, from + per);
            parts.add(CompletableFuture.runAsync(() -> name(seg, a, b, sink), hashers));
        }
        if (whole != null) {
            parts.add(CompletableFuture.runAsync(() -> whole.update(seg.buf, 0, seg.consumed), digester));
        }
        seg.done = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
    }

    private void name(Segment seg, int from, int to, ChunkSink sink) {
        Sha256 sha = new Sha256();
        int off = 0;
        for (int i = 0; i < from; i++) {
            off += seg.lengths[i];
        }
        for (int i = from; i < to; i++) {
            int len = seg.lengths[i];
            boolean zero = seg.zero[i] || zeros.isZero(seg.buf, off, len);
            ChunkId id = zero ? zeros.id(len) : sha.digest(seg.buf, off, len);
            id.copyTo(seg.ids, i * ChunkId.BYTES);
            seg.zero[i] = zero;
            try {
                sink.accept(new ChunkRef(id, seg.base + off, len, zero), seg.buf, off);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            off += len;
        }
    }

    private void finish(Segment seg, ChunkList.Builder out, Deque<byte[]> free) throws IOException {
        try {
            seg.done.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
        if (seg.buf == null) {
            ChunkId id = zeros.id(zeroCut);
            for (long i = 0; i < seg.zeroRun; i++) {
                out.add(id, zeroCut, true);
            }
            return;
        }
        for (int i = 0; i < seg.lengths.length; i++) {
            out.add(seg.ids, i * ChunkId.BYTES, seg.lengths[i], seg.zero[i]);
        }
        free.addLast(seg.buf);
    }

    @Override
    public void close() {
        hashers.shutdownNow();
        digester.shutdownNow();
    }

    /**
     * One buffer's worth of chunks; the hashing tasks fill in ids and the zero flags the cutter left
     * open. A run of zero chunks in a hole has no buffer, only its count.
     */
    private static final class Segment {
        final byte[] buf;
        final long base;
        final int consumed;
        final int[] lengths;
        final byte[] ids;
        final boolean[] zero;
        long zeroRun;
        CompletableFuture<Void> done;

        Segment(byte[] buf, long base, int consumed, int[] lengths, boolean[] zero) {
            this.buf = buf;
            this.base = base;
            this.consumed = consumed;
            this.lengths = lengths;
            this.ids = new byte[lengths.length * ChunkId.BYTES];
            this.zero = zero;
        }
    }
}
