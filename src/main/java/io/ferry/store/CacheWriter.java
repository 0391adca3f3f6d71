package io.ferry.store;

import io.ferry.chunk.ChunkId;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CacheWriter is a decorator that stores chunks on a few threads of its own, so that whoever received
 * them (a fetch thread) goes straight back to the network while they are compressed and appended. At
 * most {@code queue} chunks wait; past that, callers write themselves (back-pressure, bounded memory).
 * Reads go to the store underneath (a chunk still queued reads as missing). {@link #finish()} waits
 * for every write and reports the first failure.
 */
public final class CacheWriter implements WritableChunkStore, AutoCloseable {
    private final WritableChunkStore cache;
    private final ExecutorService pool;
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    public CacheWriter(WritableChunkStore cache, int threads, int queue) {
        this.cache = cache;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                io.ferry.util.Threads.daemon("cache-writer"), new ThreadPoolExecutor.CallerRunsPolicy());
    }

    @Override
    public int length(ChunkId id) {
        return cache.length(id);
    }

    @Override
    public Origin read(ChunkId id, int length, byte[] dst) throws IOException {
        return cache.read(id, length, dst);
    }

    @Override
    public void put(ChunkId id, byte[] data, int off, int len) throws IOException {
        put(id, data, off, len, () -> { });
    }

    /**
     * Queues a copy of {@code data[off, off+len)}, verified to be chunk {@code id}; {@code written}
     * runs once it is in the cache (for advertising it: never before it can be served).
     */
    public void put(ChunkId id, byte[] data, int off, int len, Runnable written) throws IOException {
        IOException f = failure.get();
        if (f != null) {
            throw f;
        }
        byte[] copy = Arrays.copyOfRange(data, off, off + len);
        pool.execute(() -> {
            try {
                cache.put(id, copy, 0, copy.length);
                written.run();
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** Waits until every queued chunk is written. */
    public void finish() throws IOException {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new IOException("cache writes did not finish in 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while caching chunks");
        }
        IOException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
