package io.ferry.assemble;

import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import io.ferry.chunk.ZeroChunks;
import io.ferry.store.ChunkStore;
import io.ferry.store.MissingChunkException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Assembler fills an {@link Assembly} from a local {@link ChunkStore} with several threads, each
 * taking the next chunk index: zero chunks become holes, chunks already right in a reused partial
 * file stay, the rest are read from the source. What the source lacks is left unsettled for the
 * caller (a delivery fetches it from peers).
 */
public final class Assembler {
    private final ZeroChunks zeros;
    private final int threads;

    public Assembler(ZeroChunks zeros, int threads) {
        this.zeros = zeros;
        this.threads = Math.max(1, threads);
    }

    /** Work that runs beside a fill, on the caller's thread: a delivery's fetch of what no local store names. */
    public interface Alongside {
        void run() throws IOException;
    }

    /**
     * The non-zero chunks of {@code chunks} that {@code source} does not name at all: known from its index
     * without reading a byte, so a delivery can start fetching them while the rest is read and written.
     */
    public static BitSet absent(ChunkList chunks, ChunkStore source) {
        BitSet absent = new BitSet(chunks.count());
        for (int i = 0; i < chunks.count(); i++) {
            if (!chunks.isZero(i) && source.length(chunks.id(i)) <= 0) {
                absent.set(i);
            }
        }
        return absent;
    }

    /** Settles every unsettled chunk {@code source} can provide; returns the indices still unsettled. */
    public BitSet fill(Assembly a, ChunkStore source) throws IOException {
        return fillWhile(a, source, null);
    }

    /**
     * As {@link #fill}, with {@code alongside} (null: nothing) run on this thread meanwhile: the local
     * chunks are read and written while the missing ones arrive, instead of before (measured on the
     * v1 to v2 update: a second of reading and verifying 310 MiB of local chunks that the fetch waited
     * for). The fill skips what is settled, so the two never write one chunk twice; a failure of
     * either fails the assembly once both have stopped.
     */
    public BitSet fillWhile(Assembly a, ChunkStore source, Alongside alongside) throws IOException {
        ChunkList chunks = a.manifest().chunks();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            byte[] buf = new byte[a.manifest().chunker().max()];
            Sha256 sha = new Sha256();
            try {
                for (int i = next.getAndIncrement(); i < chunks.count() && failure.get() == null;
                     i = next.getAndIncrement()) {
                    if (a.isSettled(i)) {
                        continue; // a second fill, after another delivery of the image fetched
                    }
                    if (chunks.isZero(i)) {
                        a.settleZero(i, buf);
                    } else if (!a.keepIfInPlace(i, buf, sha)) {
                        try {
                            a.put(i, buf, 0, Provenance.of(source.read(chunks.id(i), chunks.length(i), buf)));
                        } catch (MissingChunkException e) {
                            // left unsettled: the caller fetches it from peers
                        }
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        };
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = io.ferry.util.Threads.start("assemble-" + t, work);
        }
        try {
            if (alongside != null) {
                try {
                    alongside.run();
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e); // the fill stops at its next chunk
                }
            }
            for (Thread w : workers) {
                w.join();
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
            for (Thread w : workers) {
                w.interrupt();
            }
            Thread.currentThread().interrupt();
            a.fail(e);
            throw new InterruptedIOException("assembly interrupted");
        }
        Throwable f = failure.get();
        if (f != null) {
            a.fail(f);
            if (f instanceof IOException io) {
                throw io;
            }
            throw new IOException(f.getMessage(), f);
        }
        return a.unsettled();
    }
}
