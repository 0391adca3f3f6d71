package io.ferry.assemble;

import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ImageDigest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Assembly is one image being written: chunks are put in any order, from any thread, as they become
 * available (from local stores or from peers), each at its offset in a hidden file beside the target
 * ({@code .NAME.ferry-part}), sized up front so zero chunks stay holes. A follower thread re-reads
 * the settled prefix from disk into the whole-image SHA-256. {@link #finish()} flushes, checks the
 * digest and renames the file onto the target; nothing appears at the target before that.
 *
 * <p>When a partial file of the right size is already there, it is kept: {@link #keepIfInPlace}
 * settles a chunk whose bytes are already correct in it. {@link #close()} without a successful
 * finish keeps the partial file for a retry when chunks were missing, and deletes it otherwise.
 * The partial file is locked while open ({@link OutputBusyException} for a second delivery to the same
 * path from another process).
 */
public final class Assembly implements AutoCloseable {
    private final Manifest manifest;
    private final ChunkList chunks;
    private final ZeroChunks zeros;
    private final Path target;
    private final Path part;
    private final RandomAccessFile file;
    private final FileChannel out;
    private final boolean resumed;
    private final long started = System.nanoTime();
    private final BitSet settled;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Map<Provenance, LongAdder> byOrigin = new EnumMap<>(Provenance.class);
    private final LongAdder zeroBytes = new LongAdder();
    private final AtomicLong progress;
    private final Thread follower;
    private volatile boolean closing;
    private volatile boolean keepPartial;
    private volatile boolean finished;
    private ImageDigest digest;

    private Assembly(Manifest m, ZeroChunks zeros, Path target, Path part, RandomAccessFile file, boolean resumed,
                     AtomicLong progress) {
        this.manifest = m;
        this.chunks = m.chunks();
        this.zeros = zeros;
        this.target = target;
        this.part = part;
        this.file = file;
        this.out = file.getChannel();
        this.resumed = resumed;
        this.progress = progress;
        this.settled = new BitSet(chunks.count());
        for (Provenance o : Provenance.values()) {
            byOrigin.put(o, new LongAdder());
        }
        this.follower = io.ferry.util.Threads.start("image-digest", this::follow);
    }

    /** The hidden file an assembly of {@code target} works in. */
    public static Path partFile(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".ferry-part");
    }

    /**
     * Opens the partial file for {@code target}, reusing one of the right size from an earlier try.
     *
     * @param progress incremented by the bytes of each chunk as it is settled
     */
    public static Assembly open(Manifest m, Path target, ZeroChunks zeros, AtomicLong progress) throws IOException {
        Path abs = checkTarget(target);
        Path part = partFile(abs);
        boolean existed = Files.exists(part);
        RandomAccessFile raf = new RandomAccessFile(part.toFile(), "rw");
        if (!lock(raf)) {
            raf.close(); // the file is another delivery's: it must stay
            throw new OutputBusyException(abs, part);
        }
        boolean resume = existed && raf.length() == m.size();
        try {
            if (!resume) {
                raf.setLength(0);
            }
            raf.setLength(m.size());
        } catch (IOException e) {
            raf.close();
            Files.deleteIfExists(part);
            throw describe(e, abs);
        }
        return new Assembly(m, zeros, abs, part, raf, resume, progress);
    }

    /** {@code target} made absolute, once it is known to be a path an image can be written to. */
    static Path checkTarget(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("output directory " + dir + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new IOException("output path " + abs + " is a directory");
        }
        return abs;
    }

    /**
     * Locks the partial file for this process, so a delivery in another process cannot write the same
     * path; the lock goes with the file's descriptor, at close or when the process dies.
     */
    private static boolean lock(RandomAccessFile raf) throws IOException {
        try {
            return raf.getChannel().tryLock() != null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return false; // held by this process: Deliveries should have refused it already
        }
    }

    public Manifest manifest() {
        return manifest;
    }

    /** True when a partial file from an earlier attempt is being reused. */
    public boolean resumed() {
        return resumed;
    }

    public boolean isSettled(int i) {
        synchronized (settled) {
            return settled.get(i);
        }
    }

    /** Settles zero chunk {@code i}: a hole, or zeros written over old bytes in a reused file. */
    public void settleZero(int i, byte[] buf) throws IOException {
        int len = chunks.length(i);
        if (resumed) {
            long at = chunks.offset(i);
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
        markSettled(i);
    }

    /** In a reused file, settles chunk {@code i} if its bytes are already right there. */
    public boolean keepIfInPlace(int i, byte[] buf, Sha256 sha) throws IOException {
        if (!resumed) {
            return false;
        }
        int len = chunks.length(i);
        readFully(buf, len, chunks.offset(i));
        if (!sha.digest(buf, 0, len).equals(chunks.id(i)) ) {
            return false;
        }
        byOrigin.get(Provenance.PARTIAL).add(len);
        markSettled(i);
        return true;
    }

    /**
     * Writes chunk {@code i}'s verified bytes {@code data[off, off+length)} at its offset. The caller
     * has checked them against the chunk's id.
     */
    public void put(int i, byte[] data, int off, Provenance origin) throws IOException {
        int len = chunks.length(i);
        writeFully(ByteBuffer.wrap(data, off, len), chunks.offset(i));
        byOrigin.get(origin).add(len);
        markSettled(i);
    }

    private void markSettled(int i) {
        synchronized (settled) {
            settled.set(i);
            settled.notifyAll();
        }
        progress.addAndGet(chunks.length(i));
    }

    /** Indices of the chunks not settled yet. */
    public BitSet unsettled() {
        BitSet open = new BitSet(chunks.count());
        open.set(0, chunks.count());
        synchronized (settled) {
            open.andNot(settled);
        }
        return open;
    }

    /**
     * Completes the image: every chunk must be settled. Flushes while the digest follower finishes,
     * checks the whole-image SHA-256 and renames the file onto the target.
     */
    public AssemblyResult finish() throws IOException {
        BitSet open = unsettled();
        if (!open.isEmpty()) {
            keepPartial = true;
            int first = open.nextSetBit(0);
            throw new ChunksMissingException(open.cardinality() + " of " + chunks.count() + " chunks of image '"
                    + manifest.name() + "' are not available (first missing: " + chunks.id(first) + " at offset "
                    + chunks.offset(first) + "); the partial file " + part + " is kept for a retry",
                    open.cardinality());
        }
        try {
            // flush while the follower is still digesting from page cache: the two overlap
            out.force(true);
            follower.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("assembly interrupted");
        } catch (IOException e) {
            throw describe(e, target);
        }
        Throwable f = failure.get();
        if (f != null) {
            throw f instanceof IOException io ? describe(io, target) : new IOException(f.getMessage(), f);
        }
        if (!digest.equals(manifest.digest())) {
            throw new IOException("assembled image '" + manifest.name() + "' has SHA-256 " + digest
                    + " but its manifest says " + manifest.digest() + "; nothing was written to " + target);
        }
        file.close();
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        finished = true;
        Map<Provenance, Long> by = new EnumMap<>(Provenance.class);
        byOrigin.forEach((o, n) -> {
            if (n.sum() > 0) {
                by.put(o, n.sum());
            }
        });
        return new AssemblyResult(manifest.size(), zeroBytes.sum(), by, (System.nanoTime() - started) / 1e9);
    }

    /** Marks the assembly failed for a reason other than missing chunks: the partial file goes. */
    public void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
    }

    @Override
    public void close() throws IOException {
        closing = true;
        synchronized (settled) {
            settled.notifyAll();
        }
        try {
            follower.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!finished) {
            file.close();
            if (!keepPartial || failure.get() != null) {
                Files.deleteIfExists(part);
            }
        }
    }

    /** Digests the image in order, reading each settled chunk back from the file. */
    private void follow() {
        MessageDigest whole = new Sha256().raw();
        ByteBuffer buf = ByteBuffer.allocate(manifest.chunker().max());
        try {
            for (int i = 0; i < chunks.count(); i++) {
                synchronized (settled) {
                    while (!settled.get(i) && !closing && failure.get() == null) {
                        settled.wait();
                    }
                    if (!settled.get(i)) {
                        return;
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
            digest = ImageDigest.of(whole.digest());
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
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
        try {
            while (b.hasRemaining()) {
                pos += out.write(b, pos);
            }
        } catch (IOException e) {
            fail(e);
            throw describe(e, target);
        }
    }

    static IOException describe(Exception e, Path target) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("No space left on device")) {
            return new IOException("no space left on device while writing " + target + "; nothing was written there", e);
        }
        if (e instanceof java.io.InterruptedIOException io) {
            return io; // not a disk error: the caller's interruption
        }
        if (msg.contains(target.toString())) {
            return e instanceof IOException io ? io : new IOException(msg, e);
        }
        // a write error's own message (EIO, EDQUOT, ...) names no file: say which
        return new IOException("cannot write " + target + ": " + msg, e);
    }
}
