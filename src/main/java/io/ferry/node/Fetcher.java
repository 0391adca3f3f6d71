package io.ferry.node;

import io.ferry.assemble.Assembly;
import io.ferry.catalog.Bitmaps;
import io.ferry.catalog.TableEntry;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.Manifest;
import io.ferry.plan.Claims;
import io.ferry.plan.Job;
import io.ferry.store.Origin;
import io.ferry.transfer.PeerClient;
import io.ferry.transfer.PeerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetcher fills the chunks of an {@link Assembly} that this node lacks from the peers that hold them.
 * Each peer gets two fetch threads (one request in flight while the last is written), which claim
 * work from {@link Claims}. A verified chunk is written at every place it occurs, cached, and
 * advertised as soon as it is in the cache. A peer that fails, times out or lies is dropped for the rest of the delivery
 * and its claims return to the pool. While work remains, the table is re-pulled every second, so
 * nodes that gain chunks meanwhile (other deliveries in flight) join in.
 */
final class Fetcher {
    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);
    private static final long MAX_JOB = 4L << 20;
    private static final long MIN_JOB = 256L << 10;
    private static final int JOB_CHUNKS = 1024;
    private static final int PER_PEER = 2;

    private final Node node;
    private final PeerClient client;
    private final TablePoller poller;
    private final LocalState state;
    private final Assembly assembly;
    private final Manifest manifest;
    private final String manifestId;
    private final ChunkList chunks;
    private final Claims claims;
    private final Map<ChunkId, int[]> places = new HashMap<>();
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> wire = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    /** The entry version of each node whose holdings were last learnt: unchanged entries are skipped. */
    private final Map<String, Long> learnt = new HashMap<>();
    private final LongAdder filled = new LongAdder();
    private final io.ferry.store.CacheWriter cacheWriter;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();

    Fetcher(Node node, PeerClient client, TablePoller poller, LocalState state, Assembly assembly, String manifestId,
            BitSet missing) {
        this.node = node;
        this.client = client;
        this.poller = poller;
        this.state = state;
        this.assembly = assembly;
        this.manifest = assembly.manifest();
        this.manifestId = manifestId;
        this.chunks = manifest.chunks();
        // each node starts its claims elsewhere in the image, so a swarm spreads over it (see Claims)
        this.claims = new Claims(manifestId, chunks, missing, state.id().hashCode() * 0x9E3779B97F4A7C15L);
        // compressing for the cache runs beside the network; appends to a pack are cheap
        this.cacheWriter = new io.ferry.store.CacheWriter(node.cache(), 2, 1024);
        Map<ChunkId, List<Integer>> at = new HashMap<>();
        for (int i = missing.nextSetBit(0); i >= 0; i = missing.nextSetBit(i + 1)) {
            at.computeIfAbsent(chunks.id(i), k -> new ArrayList<>()).add(i);
        }
        at.forEach((id, list) -> places.put(id, list.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** Fetches until every missing chunk is in, or no peer that holds the rest is left. */
    void run() throws IOException {
        try {
            long t0 = System.nanoTime();
            fetch();
            log.info("{}: {} chunks from peers in {} ms; waiting for the cache", manifest.name(), places.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            cacheWriter.finish();
        } finally {
            cacheWriter.close();
        }
    }

    private void fetch() throws IOException {
        long lastRefresh = System.nanoTime();
        learnHolders();
        startWorkers();
        while (!claims.finished()) {
            if (fatal.get() != null) {
                throw fatal.get() instanceof IOException io ? io : new IOException(fatal.get());
            }
            sleep(100);
            if (System.nanoTime() - lastRefresh > 1_000_000_000L) {
                poller.refresh();
                learnHolders();
                lastRefresh = System.nanoTime();
            }
            startWorkers();
            if (!claims.finished() && idle() && !claims.anyClaimed() && claims.nodesWithWork().isEmpty()) {
                poller.refresh();
                learnHolders();
                startWorkers();
                if (idle() && claims.nodesWithWork().isEmpty()) {
                    break;
                }
            }
        }
        waitForWorkers();
        if (fatal.get() != null) {
            throw fatal.get() instanceof IOException io ? io : new IOException(fatal.get());
        }
        if (!claims.finished() && !failures.isEmpty()) {
            log.warn("peers dropped during the delivery of {}: {}", manifest.name(), failures);
        }
    }

    /** Wire bytes received per peer. */
    Map<String, Long> wireByPeer() {
        Map<String, Long> out = new HashMap<>();
        wire.forEach((n, b) -> out.put(n, b.sum()));
        return out;
    }

    long bytesFilled() {
        return filled.sum();
    }

    /** Why peers were dropped, by node id. */
    Map<String, String> failures() {
        return failures;
    }

    private void learnHolders() {
        Set<ChunkId> wanted = claims.wanted();
        List<TableEntry> entries;
        try {
            entries = node.catalog().cluster().entries();
        } catch (IOException e) {
            log.warn("cannot read the cluster table: {}", e.getMessage());
            return;
        }
        for (TableEntry e : entries) {
            if (claims.isDropped(e.node()) || e.node().equals(state.id())
                    || Long.valueOf(e.version()).equals(learnt.get(e.node()))) {
                continue;
            }
            learnt.put(e.node(), e.version());
            addresses.put(e.node(), e.address());
            learnTarget(e);
            if (!claims.holdsAllPending(e.node())) {
                // only then can its other images offer more; their manifests cost about 0.5 MB per
                // GiB of image on the wire, so a node holding the whole target is not asked for them
                learnOthers(e, wanted);
            }
        }
    }

    /** What {@code e} holds of the image being delivered (those chunks can be picked by index). */
    private void learnTarget(TableEntry e) {
        for (TableEntry.Holding h : e.holdings()) {
            if (!h.manifestId().equals(manifestId)) {
                continue;
            }
            try {
                Bitmaps.fromBytes(h.bitmap()).forEach((int i) -> {
                    if (i < chunks.count() && places.containsKey(chunks.id(i))) {
                        claims.addTargetHolder(e.node(), i);
                    }
                });
            } catch (IOException ex) {
                log.info("skipping what {} holds of manifest {}: {}", e.node(), h.manifestId(), ex.getMessage());
            }
        }
    }

    /** Which wanted chunks {@code e} holds as part of other images (their manifests fetched as needed). */
    private void learnOthers(TableEntry e, Set<ChunkId> wanted) {
        for (TableEntry.Holding h : e.holdings()) {
            if (h.manifestId().equals(manifestId)) {
                continue;
            }
            try {
                RoaringBitmap bits = Bitmaps.fromBytes(h.bitmap());
                ChunkList other = node.manifestFromPeers(h.manifestId(), List.of(e.address())).chunks();
                bits.forEach((int i) -> {
                    if (i < other.count() && !other.isZero(i) && wanted.contains(other.id(i))) {
                        claims.addHolder(e.node(), other.id(i));
                    }
                });
            } catch (IOException ex) {
                log.info("skipping what {} holds of manifest {}: {}", e.node(), h.manifestId(), ex.getMessage());
            }
        }
    }

    private void startWorkers() {
        for (String peer : claims.nodesWithWork()) {
            String address = addresses.get(peer);
            AtomicInteger n = running.computeIfAbsent(peer, p -> new AtomicInteger());
            while (address != null && n.get() < PER_PEER && !claims.isDropped(peer)) {
                n.incrementAndGet();
                Thread t = new Thread(() -> work(peer, address, n), "ferry-fetch-" + peer);
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private void work(String peer, String address, AtomicInteger runningHere) {
        LongAdder bytes = wire.computeIfAbsent(peer, p -> new LongAdder());
        try {
            while (!claims.finished() && !claims.isDropped(peer) && fatal.get() == null) {
                Job job = claims.claim(peer, jobBytes(), JOB_CHUNKS);
                if (job == null) {
                    return;
                }
                long t0 = System.nanoTime();
                try {
                    if (job.isPick()) {
                        client.pick(address, manifestId, chunks, job.indices(), this::receive, bytes);
                    } else {
                        for (ChunkId absent : client.batch(address, job.ids(), manifest.chunker().max(), this::receive, bytes)) {
                            claims.dropHolder(peer, absent);
                        }
                    }
                    claims.release(job);
                    log.debug("{} job of {} chunks, {} bytes from {} in {} ms", job.isPick() ? "pick" : "batch",
                            job.ids().size(), job.bytes(), peer, (System.nanoTime() - t0) / 1_000_000);
                } catch (PeerException e) {
                    claims.release(job);
                    claims.dropNode(peer);
                    failures.put(peer, e.getMessage());
                    log.warn("dropping peer {} for this delivery: {}", peer, e.getMessage());
                    return;
                }
            }
        } catch (PeerClient.LocalFailure e) {
            fatal.compareAndSet(null, e.getCause());
        } catch (RuntimeException e) {
            fatal.compareAndSet(null, e);
        } finally {
            synchronized (runningHere) {
                runningHere.decrementAndGet();
                runningHere.notifyAll();
            }
        }
    }

    /** A verified chunk from a peer: write it everywhere it belongs, cache it, advertise it. */
    private void receive(ChunkId id, byte[] data, int length) throws IOException {
        int[] at = places.get(id);
        if (at == null) {
            return; // not wanted here (already settled by another place)
        }
        for (int i : at) {
            if (!assembly.isSettled(i)) {
                assembly.put(i, data, 0, Origin.NETWORK);
                filled.add(length);
            }
        }
        // advertised only once cached: this node serves peers from its seeds and cache, not from
        // the partial output, so a chunk is offered when it can be served
        cacheWriter.put(id, data, 0, length, () -> {
            for (int i : at) {
                state.held(manifestId, i);
            }
        });
        claims.complete(id);
    }

    /**
     * Large jobs amortise requests; small ones let every holder take part. A job is at most a quarter
     * of what is left per fetch thread, between 256 KiB and 4 MiB.
     */
    private long jobBytes() {
        int threads = Math.max(1, running.values().stream().mapToInt(AtomicInteger::get).sum());
        long left = (long) claims.remaining() * manifest.chunker().avg();
        return Math.max(MIN_JOB, Math.min(MAX_JOB, left / (4L * threads)));
    }

    private boolean idle() {
        return running.values().stream().allMatch(n -> n.get() == 0);
    }

    private void waitForWorkers() throws InterruptedIOException {
        for (AtomicInteger n : running.values()) {
            synchronized (n) {
                while (n.get() > 0) {
                    try {
                        n.wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("delivery interrupted");
                    }
                }
            }
        }
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("delivery interrupted");
        }
    }

    static Duration requestTimeout() {
        return Duration.ofSeconds(120);
    }
}
