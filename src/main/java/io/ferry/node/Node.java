package io.ferry.node;

import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageRecord;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestDelta;
import io.ferry.manifest.ManifestFormatException;
import io.ferry.store.CacheStore;
import io.ferry.store.LocalChunks;
import io.ferry.store.Seed;
import io.ferry.transfer.PeerClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Node is one Ferry node working on its data directory: it owns the lock, the catalog and the cache,
 * and runs the user's verbs on them. Close it to release the directory.
 */
public final class Node implements AutoCloseable {
    /** The largest manifest accepted from a peer: 1 GiB describes an image of about 2 TiB. */
    private static final int MAX_MANIFEST = 1 << 30;

    private final NodeConfig config;
    private final DataDir dir;
    private final ZeroChunks zeros;
    private final Catalog catalog;
    private final CacheStore cache;
    private final LocalState state;
    private final PeerClient client;
    private final TablePoller poller;
    private final AtomicLong imagesVersion = new AtomicLong();
    private LocalChunks serving;
    private long servingVersion = -1;

    private Node(NodeConfig config, DataDir dir, ZeroChunks zeros, Catalog catalog, CacheStore cache, LocalState state) {
        this.config = config;
        this.zeros = zeros;
        this.dir = dir;
        this.catalog = catalog;
        this.cache = cache;
        this.state = state;
        this.client = new PeerClient(Fetcher.requestTimeout());
        this.poller = new TablePoller(state.id(), this::selfEntryOrEmpty, catalog.cluster(), client, config.peers());
    }

    public static Node open(NodeConfig config) throws IOException {
        DataDir dir = DataDir.open(config.dataDir(), config.address());
        try {
            String id = NodeIdentity.load(dir.root(), config.id());
            ZeroChunks zeros = new ZeroChunks();
            Catalog catalog = new Catalog(dir.catalog(), dir.manifests(), zeros, id);
            return new Node(config, dir, zeros, catalog, new CacheStore(dir.cache()), new LocalState(id, config.address()));
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    public String id() {
        return state.id();
    }

    LocalState state() {
        return state;
    }

    PeerClient client() {
        return client;
    }

    TablePoller poller() {
        return poller;
    }

    /** Records the address this node serves on, in its lock file, for CLI users to find. */
    void advertise(String address) throws IOException {
        dir.advertise(address);
    }

    private io.ferry.catalog.TableEntry selfEntryOrEmpty() {
        try {
            return selfEntry();
        } catch (IOException e) {
            return new io.ferry.catalog.TableEntry(state.id(), state.address(), 0, List.of(), List.of());
        }
    }

    /** This node's own table entry, as peers see it. */
    public io.ferry.catalog.TableEntry selfEntry() throws IOException {
        return state.entry(catalog);
    }

    /**
     * Manifest {@code id}: stored here, or fetched from the first of {@code addresses} that has it
     * (checked against the id, then stored).
     */
    Manifest manifestFromPeers(String id, List<String> addresses) throws IOException {
        if (catalog.hasManifest(id)) {
            return catalog.manifestById(id);
        }
        IOException last = new ManifestFormatException("no peer offered manifest " + id);
        List<String> bases = manifestBases();
        String query = bases.isEmpty() ? "" : "?base=" + String.join(",", bases);
        for (String a : addresses) {
            try {
                byte[] wire = client.get(a, "/v1/manifests/" + id + ".zst" + query, java.time.Duration.ofSeconds(30));
                String base = ManifestDelta.baseOf(wire);
                if (base != null && !bases.contains(base)) {
                    throw new ManifestFormatException(a + " sent manifest " + id + " as a patch of " + base + ", not asked for");
                }
                byte[] bytes = ManifestDelta.decode(wire, base == null ? null : catalog.manifestBytes(base), MAX_MANIFEST);
                return catalog.putManifest(id, bytes);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Manifests a peer may send others as patches of: those of the images this node holds, newest
     * first (an update is usually built on the latest image), at most four.
     */
    private List<String> manifestBases() throws IOException {
        return catalog.images().stream()
                .sorted(java.util.Comparator.comparingLong(ImageRecord::importedAtMillis).reversed())
                .map(ImageRecord::manifestId).distinct().limit(4).toList();
    }

    public Path dataDir() {
        return dir.root();
    }

    public Catalog catalog() {
        return catalog;
    }

    public CacheStore cache() {
        return cache;
    }

    public ZeroChunks zeros() {
        return zeros;
    }

    public NodeConfig config() {
        return config;
    }

    public Importer importer() {
        return new Importer(this);
    }

    public List<ImageRecord> images() throws IOException {
        return catalog.images();
    }

    public Manifest manifest(String name) throws IOException {
        return catalog.manifest(catalog.require(name));
    }

    /**
     * Writes image {@code name} to {@code out}: from this node's own chunks, and from peers' when the
     * node is networked.
     */
    public DeliveryResult get(String name, Path out, AtomicLong progress) throws IOException {
        return new Delivery(this).run(name, out, progress);
    }

    /** Every local place the chunks of {@code wanted} can be read from. */
    LocalChunks localChunks(ChunkList wanted) throws IOException {
        return LocalChunks.of(wanted, seeds(), cache);
    }

    /**
     * Every chunk this node can serve: all seeds, then the cache. Built once and kept until the node's
     * images change; never closed by callers (its files close when it is dropped).
     */
    synchronized LocalChunks servingChunks() throws IOException {
        long now = imagesVersion.get();
        if (serving == null || servingVersion != now) {
            serving = LocalChunks.ofAll(seeds(), cache);
            servingVersion = now;
        }
        return serving;
    }

    /** Notes that the set of images here changed, so indexes over them are rebuilt. */
    void imagesChanged() {
        imagesVersion.incrementAndGet();
        state.bump();
    }

    /** The seed images: files whose chunks are read in place. */
    List<Seed> seeds() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (ImageRecord r : catalog.images()) {
            if (r.holding() == ImageRecord.Holding.SEED) {
                seeds.add(new Seed(r.name(), r.seedFile(), catalog.manifestById(r.manifestId()).chunks(), r.seedSize(),
                        r.seedMtimeMillis()));
            }
        }
        return seeds;
    }

    public DiffResult diff(String a, String b) throws IOException {
        ChunkList ca = manifest(a).chunks();
        ChunkList cb = manifest(b).chunks();
        Set<ChunkId> inA = new HashSet<>();
        for (int i = 0; i < ca.count(); i++) {
            if (!ca.isZero(i)) {
                inA.add(ca.id(i));
            }
        }
        Map<ChunkId, Boolean> seenNew = new HashMap<>();
        long shared = 0;
        long unique = 0;
        long repeated = 0;
        long zero = 0;
        for (int i = 0; i < cb.count(); i++) {
            int len = cb.length(i);
            if (cb.isZero(i)) {
                zero += len;
                continue;
            }
            ChunkId id = cb.id(i);
            if (inA.contains(id)) {
                shared += len;
            } else if (seenNew.putIfAbsent(id, Boolean.TRUE) == null) {
                unique += len;
            } else {
                repeated += len;
            }
        }
        return new DiffResult(a, b, cb.size(), shared, unique, repeated, zero, seenNew.size());
    }

    public List<VerifyReport> verify(String onlyName) throws IOException {
        List<ImageRecord> images = onlyName == null ? catalog.images() : List.of(catalog.require(onlyName));
        List<VerifyReport> out = new ArrayList<>();
        for (ImageRecord r : images) {
            out.add(new Verifier(this).verify(r));
        }
        return out;
    }

    /** Forgets an image. Its chunks stay cached for reuse until gc or the cache bound removes them. */
    public void remove(String name) throws IOException {
        catalog.remove(catalog.require(name));
        imagesChanged();
    }

    /**
     * Removes every cached chunk no image here needs, and every manifest file that neither an image
     * here nor one a known peer holds refers to.
     */
    public GcResult gc() throws IOException {
        GcResult r = new CacheBound(cache, 0).enforce(neededChunks(), true);
        Set<String> referenced = new HashSet<>();
        for (ImageRecord i : catalog.images()) {
            referenced.add(i.manifestId());
        }
        for (io.ferry.catalog.TableEntry e : catalog.cluster().entries()) {
            e.images().forEach(i -> referenced.add(i.manifestId()));
            e.holdings().forEach(h -> referenced.add(h.manifestId()));
        }
        return r.withRemovedManifests(catalog.removeManifestsExcept(referenced));
    }

    /** Evicts least recently used unneeded chunks until the cache fits {@code --cache-max}. */
    public GcResult enforceCacheBound() throws IOException {
        return new CacheBound(cache, config.cacheMax()).enforce(neededChunks(), false);
    }

    /** The non-zero chunks of every image this node keeps. */
    Set<ChunkId> neededChunks() throws IOException {
        Set<ChunkId> needed = new HashSet<>();
        for (ImageRecord r : catalog.images()) {
            ChunkList c = catalog.manifest(r).chunks();
            for (int i = 0; i < c.count(); i++) {
                if (!c.isZero(i)) {
                    needed.add(c.id(i));
                }
            }
        }
        return needed;
    }

    @Override
    public void close() throws IOException {
        poller.close();
        try {
            catalog.close();
        } finally {
            dir.close();
        }
    }
}
