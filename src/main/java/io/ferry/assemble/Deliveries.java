package io.ferry.assemble;

import io.ferry.manifest.ManifestId;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deliveries is one node's register of its deliveries in progress, so that two of them never write one
 * path and never fetch one image twice. Thread-safe.
 *
 * <p>A path is claimed here before its partial file is opened: the file lock that keeps other processes
 * out ({@link Assembly#open}) cannot be relied on within one process, where closing any descriptor of
 * a file drops every POSIX lock the process holds on it. A fetch turn serialises the fetch phases of
 * deliveries of one manifest: the second waits while the first fetches (and caches), then takes from the
 * cache what it can and fetches only what is still missing.
 */
public final class Deliveries {
    private final Set<Path> writing = new HashSet<>();
    private final Map<ManifestId, Turns> fetching = new HashMap<>();

    /** A claim or a turn; closing it releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();

        /** Whether taking it meant waiting for another delivery (whose fetched chunks are now cached). */
        default boolean waited() {
            return false;
        }
    }

    /** Claims {@code target} for one delivery; refused while another delivery here writes it. */
    public Held claim(Path target) throws OutputBusyException {
        Path abs = target.toAbsolutePath().normalize();
        synchronized (writing) {
            if (!writing.add(abs)) {
                throw new OutputBusyException(abs, Assembly.partFile(abs));
            }
        }
        return () -> {
            synchronized (writing) {
                writing.remove(abs);
            }
        };
    }

    /** Waits until no other delivery of {@code id} is fetching, then holds the turn until closed. */
    public Held fetchTurn(ManifestId id) throws IOException {
        Turns t;
        synchronized (fetching) {
            t = fetching.computeIfAbsent(id, k -> new Turns());
            t.users++;
        }
        boolean waited = !t.lock.tryLock();
        try {
            if (waited) {
                t.lock.lockInterruptibly();
            }
        } catch (InterruptedException e) {
            release(id, t);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for another delivery of the same image");
        }
        return new Held() {
            @Override
            public void close() {
                t.lock.unlock();
                release(id, t);
            }

            @Override
            public boolean waited() {
                return waited;
            }
        };
    }

    /** Whether a delivery of {@code id} holds or waits for a fetch turn (for logs and tests). */
    public boolean fetching(ManifestId id) {
        synchronized (fetching) {
            return fetching.containsKey(id);
        }
    }

    private void release(ManifestId id, Turns t) {
        synchronized (fetching) {
            if (--t.users == 0) {
                fetching.remove(id);
            }
        }
    }

    /** The lock of one manifest's fetch phases and how many deliveries hold or wait for it. */
    private static final class Turns {
        final ReentrantLock lock = new ReentrantLock(true);
        int users;
    }
}
