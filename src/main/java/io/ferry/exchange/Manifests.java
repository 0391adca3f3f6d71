package io.ferry.exchange;

import io.ferry.transfer.Call;
import java.util.ArrayList;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageRecord;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestDelta;
import io.ferry.manifest.ManifestFormatException;
import io.ferry.manifest.ManifestId;
import io.ferry.transfer.PeerClient;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * Manifests finds a manifest by id: stored here, or fetched from a peer (as a patch of one this node
 * holds where that is smaller), checked against its id, and stored.
 */
public final class Manifests implements Holders.Manifests {
    /** The largest manifest accepted from a peer: 1 GiB describes an image of about 2 TiB. */
    private static final int MAX_MANIFEST = 1 << 30;

    /** How long a holder has to answer before the next one is asked too. */
    private static final long HEDGE_MILLIS = 500;

    private final Catalog catalog;
    private final PeerClient client;
    private final java.time.Clock clock;
    private final ExecutorService pool = Executors.newCachedThreadPool(io.ferry.util.Threads.daemon("manifest"));

    public Manifests(Catalog catalog, PeerClient client, java.time.Clock clock) {
        this.catalog = catalog;
        this.client = client;
        this.clock = clock;
    }

    /**
     * Manifest {@code id}: stored here, or from the first of {@code addresses} to send it whole and right.
     * Holders are asked one after another, the next {@link #HEDGE_MILLIS} after the last if no answer is
     * in by then (or at once when one fails), and the first good answer wins, the others cancelled: a
     * holder behind a slow link (measured: 3.3 s for v1's manifest behind 2 Mbit/s) delays the start of
     * a delivery by half a second, not by its link, and a healthy first holder costs nothing more.
     */
    public Manifest get(ManifestId id, List<String> addresses) throws IOException {
        if (catalog.hasManifest(id)) {
            return catalog.manifestById(id);
        }
        IOException last = new ManifestFormatException("no peer offered manifest " + id);
        List<ManifestId> bases = bases();
        CompletionService<Manifest> answers = new ExecutorCompletionService<>(pool);
        List<Call> calls = new ArrayList<>();
        int next = 0;
        int running = 0;
        try {
            while (next < addresses.size() || running > 0) {
                if (running == 0 || next < addresses.size()) {
                    String a = addresses.get(next++);
                    Call call = new Call(clock, MAX_MANIFEST, 0, new LongAdder());
                    calls.add(call);
                    answers.submit(() -> fetch(a, id, bases, call));
                    running++;
                }
                Future<Manifest> f = next < addresses.size() ? answers.poll(HEDGE_MILLIS, TimeUnit.MILLISECONDS)
                        : answers.take();
                if (f == null) {
                    continue; // no answer yet: ask the next holder too
                }
                running--;
                try {
                    return f.get();
                } catch (ExecutionException e) {
                    last = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while fetching manifest " + id);
        } finally {
            calls.forEach(Call::cancel);
        }
        throw last;
    }

    private Manifest fetch(String a, ManifestId id, List<ManifestId> bases, Call call) throws IOException {
        byte[] wire = client.manifest(a, id, bases, call);
        ManifestId base = ManifestDelta.baseOf(wire);
        if (base != null && !bases.contains(base)) {
            throw new ManifestFormatException(a + " sent manifest " + id + " as a patch of " + base + ", not asked for");
        }
        byte[] bytes = ManifestDelta.decode(wire, base == null ? null : catalog.manifestBytes(base), MAX_MANIFEST);
        return catalog.putManifest(id, bytes);
    }

    @Override
    public ChunkList chunks(ManifestId manifestId, String address) throws IOException {
        return get(manifestId, List.of(address)).chunks();
    }

    /** The chunks of a manifest stored here; null for one that is not (nothing is fetched). */
    public ChunkList storedChunks(ManifestId manifestId) {
        try {
            return catalog.hasManifest(manifestId) ? catalog.manifestById(manifestId).chunks() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Manifests a peer may send others as patches of: those of the images this node holds, newest
     * first (an update is usually built on the latest image), at most four.
     */
    private List<ManifestId> bases() throws IOException {
        return catalog.images().stream()
                .sorted(Comparator.comparingLong(ImageRecord::importedAtMillis).reversed())
                .map(ImageRecord::manifestId).distinct().limit(4).toList();
    }
}
