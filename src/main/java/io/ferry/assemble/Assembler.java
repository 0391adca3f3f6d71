package io.ferry.assemble;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.Manifest;
import io.ferry.store.ChunkSource;
import io.ferry.store.Origin;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Assembler writes an image to {@code target} from a {@link ChunkSource}. It works in a hidden file
 * beside the target ({@code .NAME.ferry-part}), sized up front so zero chunks stay holes, fills it
 * with positional writes from several threads, and meanwhile a follower thread re-reads the finished
 * prefix from disk into the whole-image SHA-256. Only when every chunk is verified and the digest
 * matches is the file flushed and renamed onto the target, so the target is either absent, the old
 * file, or the complete new image.
 *
 * <p>When a partial file of the right size is already there, each chunk found correct in it is kept
 * (origin {@link Origin#PARTIAL}), so a retry after a failure moves only what is still wrong. When
 * chunks are missing the partial file is kept for that retry; after any other failure it is deleted.
 */
public final class Assembler {
    private final ZeroChunks zeros;
    private final int threads;

    public Assembler(ZeroChunks zeros, int threads) {
        this.zeros = zeros;
        this.threads = Math.max(1, threads);
    }

    /** The hidden file an assembly of {@code target} works in. */
    public static Path partFile(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".ferry-part");
    }

    /**
     * @param progress incremented by the bytes of each chunk as it is settled (zero chunks included)
     */
    public AssemblyResult assemble(Manifest m, Path target, ChunkSource source, AtomicLong progress)
            throws IOException {
        long started = System.nanoTime();
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("output directory " + dir + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new IOException("output path " + abs + " is a directory");
        }
        Path part = partFile(abs);
        boolean resume = Files.isRegularFile(part) && Files.size(part) == m.size();
        Run run;
        try (RandomAccessFile raf = new RandomAccessFile(part.toFile(), "rw")) {
            if (!resume) {
                raf.setLength(0);
            }
            raf.setLength(m.size());
            run = new Run(m, raf.getChannel(), source, resume, progress);
            run.execute();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw describe(e, abs);
        }
        if (run.missing.get() > 0) {
            throw new ChunksMissingException(run.missing.get() + " of " + m.chunks().count() + " chunks of image '"
                    + m.name() + "' are not available (first missing: " + run.firstMissing.get()
                    + "); the partial file " + part + " is kept for a retry", run.missing.get());
        }
        if (!run.digest.equals(m.digest())) {
            Files.deleteIfExists(part);
            throw new IOException("assembled image '" + m.name() + "' has SHA-256 " + run.digest + " but its manifest says "
                    + m.digest() + "; nothing was written to " + abs);
        }
        Files.move(part, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Map<Origin, Long> by = new EnumMap<>(Origin.class);
        run.byOrigin.forEach((o, n) -> {
            if (n.sum() > 0) {
                by.put(o, n.sum());
            }
        });
        return new AssemblyResult(m.size(), run.zeroBytes.sum(), by, (System.nanoTime() - started) / 1e9);
    }

    private static IOException describe(Exception e, Path target) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("No space left on device")) {
            return new IOException("no space left on device while writing " + target + "; nothing was written there", e);
        }
        return e instanceof IOException io ? io : new IOException(msg, e);
    }

    /** One assembly: the shared state of the writer threads and the digest follower. */
    private final class Run {
        final Manifest m;
        final ChunkList chunks;
        final FileChannel out;
        final ChunkSource source;
        final boolean resume;
        final AtomicLong progress;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger missing = new AtomicInteger();
        final AtomicReference<String> firstMissing = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Map<Origin, LongAdder> byOrigin = new EnumMap<>(Origin.class);
        final LongAdder zeroBytes = new LongAdder();
        final boolean[] settled;
        ChunkId digest;

        Run(Manifest m, FileChannel out, ChunkSource source, boolean resume, AtomicLong progress) {
            this.m = m;
            this.chunks = m.chunks();
            this.out = out;
            this.source = source;
            this.resume = resume;
            this.progress = progress;
            this.settled = new boolean[chunks.count()];
            for (Origin o : Origin.values()) {
                byOrigin.put(o, new LongAdder());
            }
        }

        void execute() throws IOException {
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = new Thread(this::work, "ferry-assemble-" + t);
                workers[t].start();
            }
            Thread follower = new Thread(this::follow, "ferry-image-digest");
            follower.start();
            try {
                for (Thread w : workers) {
                    w.join();
                }
                if (failure.get() == null && missing.get() == 0) {
                    // flush while the follower is still digesting from page cache: the two overlap
                    out.force(true);
                }
                follower.join();
            } catch (InterruptedException e) {
                failure.compareAndSet(null, e);
                for (Thread w : workers) {
                    w.interrupt();
                }
                follower.interrupt();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("assembly interrupted");
            }
            Throwable f = failure.get();
            if (f instanceof IOException io) {
                throw io;
            }
            if (f != null) {
                throw new IOException(f.getMessage(), f);
            }
        }

        private void work() {
            byte[] buf = new byte[m.chunker().max()];
            Sha256 sha = new Sha256();
            try {
                for (int i = next.getAndIncrement(); i < chunks.count() && failure.get() == null;
                     i = next.getAndIncrement()) {
                    settle(i, buf, sha);
                    progress.addAndGet(chunks.length(i));
                    markSettled(i);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                synchronized (settled) {
                    settled.notifyAll();
                }
            }
        }

        private void settle(int i, byte[] buf, Sha256 sha) throws IOException {
            int len = chunks.length(i);
            long at = chunks.offset(i);
            if (chunks.isZero(i)) {
                if (resume) {
                    readFully(buf, len, at);
                    if (!zeros.isZero(buf, 0, len)) {
                        for (int done = 0; done < len; ) {
                            ByteBuffer z = zeros.view(len - done);
                            int n = z.remaining();
                            writeFully(z, at + done);
                            done += n;
                        }
                    }
                }
                zeroBytes.add(len);
                return;
            }
            ChunkId id = chunks.id(i);
            if (resume) {
                readFully(buf, len, at);
                if (sha.digest(buf, 0, len).equals(id)) {
                    byOrigin.get(Origin.PARTIAL).add(len);
                    return;
                }
            }
            Origin from = source.read(id, len, buf);
            if (from == null) {
                if (missing.getAndIncrement() == 0) {
                    firstMissing.set(id + " at offset " + at);
                }
                return;
            }
            writeFully(ByteBuffer.wrap(buf, 0, len), at);
            byOrigin.get(from).add(len);
        }

        private void markSettled(int i) {
            synchronized (settled) {
                settled[i] = true;
                settled.notifyAll();
            }
        }

        /** Digests the image in order, reading each settled chunk back from the file. */
        private void follow() {
            MessageDigest whole = new Sha256().raw();
            ByteBuffer buf = ByteBuffer.allocate(m.chunker().max());
            try {
                for (int i = 0; i < chunks.count(); i++) {
                    synchronized (settled) {
                        while (!settled[i] && failure.get() == null && !workersDone()) {
                            settled.wait();
                        }
                        if (!settled[i] || missing.get() > 0) {
                            return; // the image cannot be complete; its digest would mean nothing
                        }
                    }
                    int len = chunks.length(i);
                    if (chunks.isZero(i)) {
                        for (int done = 0; done < len; ) {
                            ByteBuffer z = zeros.view(len - done);
                            done += z.remaining();
                            whole.update(z);
                        }
                        continue;
                    }
                    buf.clear().limit(len);
                    long at = chunks.offset(i);
                    while (buf.hasRemaining()) {
                        if (out.read(buf, at + buf.position()) < 0) {
                            throw new IOException("the partial file ended early at " + (at + buf.position()));
                        }
                    }
                    whole.update(buf.flip());
                }
                digest = ChunkId.of(whole.digest());
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }

        /** True once no worker can settle another chunk (all indices handed out and finished). */
        private boolean workersDone() {
            return next.get() >= chunks.count() + threads;
        }

        private void readFully(byte[] buf, int len, long at) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
            while (b.hasRemaining()) {
                if (out.read(b, at + b.position()) < 0) {
                    java.util.Arrays.fill(buf, b.position(), len, (byte) 0);
                    return;
                }
            }
        }

        private void writeFully(ByteBuffer b, long at) throws IOException {
            long pos = at;
            while (b.hasRemaining()) {
                pos += out.write(b, pos);
            }
        }
    }
}
