package io.ferry.assemble;

import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ImageDigest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Assembly is one image being written: chunks are put in any order, from any thread, as they become
 * available (from local stores or from peers), each at its offset in the {@link Output}: a hidden file
 * beside a file target, published by {@link #finish()} in one step (nothing appears at the target
 * before), or a block device written in place and read back whole before {@link #finish()} returns.
 * Every chunk is verified by its caller before it is put; the whole-image SHA-256 is computed only when
 * asked ({@code sha256}): for a file by a follower thread that re-reads the settled prefix as it grows,
 * for a device during the read-back.
 *
 * <p>When a partial file of the right size is already there, it is kept: {@link #keepIfInPlace}
 * settles a chunk whose bytes are already correct in it. {@link #close()} without a successful
 * finish keeps the partial file for a retry when chunks were missing, and deletes it otherwise.
 */
public final class Assembly implements AutoCloseable {
    private final Manifest manifest;
    private final ChunkList chunks;
    private final ZeroChunks zeros;
    private final Output output;
    private final FileChannel out;
    private final long started = System.nanoTime();
    private final BitSet settled;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Map<Provenance, LongAdder> byOrigin = new EnumMap<>(Provenance.class);
    private final LongAdder zeroBytes = new LongAdder();
    private final AtomicLong progress;
    private final boolean sha256;
    private final Thread follower;
    private volatile boolean closing;
    private volatile boolean keepPartial;
    private volatile boolean finished;
    private ImageDigest digest;

    private Assembly(Manifest m, ZeroChunks zeros, Output output, boolean sha256, AtomicLong progress) {
        this.manifest = m;
        this.chunks = m.chunks();
        this.zeros = zeros;
        this.output = output;
        this.out = output.channel();
        this.progress = progress;
        this.sha256 = sha256;
        this.settled = new BitSet(chunks.count());
        for (Provenance o : Provenance.values()) {
            byOrigin.put(o, new LongAdder());
        }
        // a device is read back whole at the end anyway: its digest is taken then, not twice
        this.follower = sha256 && !output.readsBack() ? io.ferry.util.Threads.start("image-digest", this::follow) : null;
    }

    /** The hidden file an assembly of {@code target} works in. */
    public static Path partFile(Path target) {
        return FileOutput.partFile(target);
    }

    /**
     * Opens the output for {@code target}: a partial file (reusing one of the right size from an earlier
     * try) or the device, claimed exclusively.
     *
     * @param sha256   whether to compute the whole-image SHA-256 and check it against the manifest's
     * @param progress incremented by the bytes of each chunk as it is settled
     */
    public static Assembly open(Manifest m, OutputTarget target, ZeroChunks zeros, boolean sha256, AtomicLong progress)
            throws IOException {
        Output o = target.kind() == OutputTarget.Kind.DEVICE ? DeviceOutput.open(target, m, zeros)
                : FileOutput.open(target, m.size(), zeros);
        return new Assembly(m, zeros, o, sha256, progress);
    }

    public Manifest manifest() {
        return manifest;
    }

    /** True when a partial file from an earlier attempt is being reused. */
    public boolean resumed() {
        return output.resumed();
    }

    /** Where the image goes: the path the user named. */
    public Path target() {
        return output.target();
    }

    /** Where the bytes are while they arrive (peers are served from there): the partial file, or the device. */
    public Path writtenAt() {
        return output.writtenAt();
    }

    /** Whether the image is written in place into a block device. */
    public boolean inPlace() {
        return output.readsBack();
    }

    public boolean isSettled(int i) {
        synchronized (settled) {
            return settled.get(i);
        }
    }

    /** Settles zero chunk {@code i}: a hole in a new file, zeros over whatever was there otherwise. */
    public void settleZero(int i, byte[] buf) throws IOException {
        int len = chunks.length(i);
        try {
            output.zero(chunks.offset(i), len, buf);
        } catch (IOException e) {
            fail(e);
            throw Output.describe(e, output.target());
        }
        zeroBytes.add(len);
        markSettled(i);
    }

    /** In a reused file, settles chunk {@code i} if its bytes are already right there. */
    public boolean keepIfInPlace(int i, byte[] buf, Sha256 sha) throws IOException {
        if (!output.resumed()) {
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
     * Completes the image: every chunk must be settled. Flushes (while the digest follower, if any,
     * finishes); a device is read back and verified chunk by chunk; the whole-image SHA-256, when
     * computed, is checked against the manifest's; then a file is published at the target.
     */
    public AssemblyResult finish() throws IOException {
        BitSet open = unsettled();
        if (!open.isEmpty()) {
            keepPartial = true;
            int first = open.nextSetBit(0);
            throw new ChunksMissingException(open.cardinality() + " of " + chunks.count() + " chunks of image '"
                    + manifest.name() + "' are not available (first missing: " + chunks.id(first) + " at offset "
                    + chunks.offset(first) + ")" + output.leftBehind(true), open.cardinality());
        }
        Path target = output.target();
        try {
            // flush while the follower is still digesting from page cache: the two overlap
            output.flush();
            if (follower != null) {
                follower.join();
            }
            if (output.readsBack()) {
                MessageDigest whole = sha256 ? new Sha256().raw() : null;
                ReadBack.verify(out, manifest, zeros, whole, target);
                digest = whole == null ? null : ImageDigest.of(whole.digest());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("assembly interrupted");
        } catch (IOException e) {
            fail(e);
            throw output.readsBack() ? new IOException(Output.describe(e, target).getMessage() + output.leftBehind(false), e)
                    : Output.describe(e, target);
        }
        Throwable f = failure.get();
        if (f != null) {
            throw f instanceof IOException io ? Output.describe(io, target) : new IOException(f.getMessage(), f);
        }
        if (digest != null && manifest.digest() != null && !digest.equals(manifest.digest())) {
            fail(new IOException("whole-image digest"));
            throw new IOException("assembled image '" + manifest.name() + "' has SHA-256 " + digest
                    + " but its manifest says " + manifest.digest() + output.leftBehind(false));
        }
        output.publish();
        finished = true;
        Map<Provenance, Long> by = new EnumMap<>(Provenance.class);
        byOrigin.forEach((o, n) -> {
            if (n.sum() > 0) {
                by.put(o, n.sum());
            }
        });
        return new AssemblyResult(manifest.size(), zeroBytes.sum(), by, digest, (System.nanoTime() - started) / 1e9);
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
            if (follower != null) {
                follower.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!finished) {
            output.abandon(keepPartial && failure.get() == null);
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
            throw Output.describe(e, output.target());
        }
    }
}
