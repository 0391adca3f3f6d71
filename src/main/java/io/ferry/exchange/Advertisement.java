package io.ferry.exchange;

import io.ferry.catalog.Bitmaps;
import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageBinding;
import io.ferry.catalog.ImageRecord;
import io.ferry.catalog.KnownNode;
import io.ferry.catalog.NodeAddress;
import io.ferry.catalog.PeerAddress;
import io.ferry.catalog.SegmentHolding;
import io.ferry.catalog.TableEntry;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.roaringbitmap.RoaringBitmap;

/**
 * Advertisement is what this node tells its peers about itself, as facts it signs: its address (whose
 * version is the entry's), the bindings of its images (its own for images it imported, the publisher's
 * for images it fetched), and for every manifest it holds chunks of, which ones, a fact per segment,
 * including images it is still delivering, so that other nodes can fetch from it before it finishes (a
 * swarm). The version moves forward on every change and starts from the (injected) clock, so it keeps
 * growing across restarts. A fact is re-signed only when what it says changes. Thread-safe.
 */
public final class Advertisement {
    private final NodeId id;
    private final Catalog catalog;
    private final java.time.Clock clock;
    private final FactSigner signer;
    /** Whether the signer really signs (credentials) rather than stating facts unsigned (plaintext). */
    private final boolean signs;
    private final AtomicLong version = new AtomicLong();
    private final Map<ManifestId, Delivering> delivering = new ConcurrentHashMap<>();
    private final Map<ManifestId, Integer> chunkCounts = new ConcurrentHashMap<>();
    /** Chunks this node found it cannot produce (lost, or a copy that no longer matches): never promised. */
    private final Set<io.ferry.chunk.ChunkId> unservable = ConcurrentHashMap.newKeySet();
    /** The holding facts last signed, per manifest and segment (guarded by this). */
    private Map<ManifestId, Map<Integer, Segment>> signed = new HashMap<>();
    private SignedFact addressFact;
    /** The bindings last said, and the version at which that list last changed (guarded by this). */
    private List<SignedFact> saidBindings = List.of();
    private long bindingsVersion;
    private volatile String address;

    /** A delivery in progress: the publisher's binding (null: none known) and the chunks settled so far. */
    private record Delivering(SignedFact binding, int chunks, RoaringBitmap held,
                              java.util.concurrent.atomic.AtomicInteger users) {
    }

    /** A segment's signed holding fact, the gains signed on top of it, and the chunks they say together. */
    private record Segment(SignedFact base, boolean whole, List<SignedFact> gains, RoaringBitmap said) {
        List<SignedFact> facts() {
            List<SignedFact> out = new ArrayList<>(1 + gains.size());
            out.add(base);
            out.addAll(gains);
            return out;
        }
    }

    /** Gains signed on a holding before it is signed whole again, so a delta stays smaller than the bitmap. */
    private static final int MAX_GAINS = 16;

    /** What the entry says before it is signed. */
    private record Said(List<SignedFact> bindings, List<SegmentHolding> holdings) {
    }

    /** @param signer signs as node {@code id}: credentials of another node are a configuration error */
    public Advertisement(NodeId id, Catalog catalog, java.time.Clock clock, FactSigner signer) {
        if (!signer.self().equals(id)) {
            throw new IllegalArgumentException("the credentials are node " + signer.self() + "'s, but this is node " + id);
        }
        this.id = id;
        this.catalog = catalog;
        this.clock = clock;
        this.signer = signer;
        this.signs = signer.sign("probe", 0, new byte[0]).signature().length > 0;
        bump();
    }

    public NodeId id() {
        return id;
    }

    public String address() {
        return address;
    }

    /** The version of this node's entry as of now. */
    public long version() {
        return version.get();
    }

    /** Where this node serves: checked to be host:port, since peers paste it into URLs. */
    public void address(String a) {
        this.address = PeerAddress.check(a);
        bump();
    }

    /** Marks a change worth telling peers about; call it after the change, never before. */
    public void bump() {
        next();
    }

    private long next() {
        long now = clock.millis() * 1000;
        return version.updateAndGet(v -> Math.max(v + 1, now));
    }

    /** This node, as the publisher of an image it imports, signs the binding of its name (a newer version). */
    public SignedFact publish(ImageBinding binding) {
        return signer.sign(ImageBinding.KIND, next(), binding.encode());
    }

    /** @param binding the publisher's signed binding of the image being delivered; null when none is known */
    public void startDelivery(ManifestId manifestId, SignedFact binding, int chunks) {
        // two deliveries of one image on this node share one entry: the chunks either settles are held here
        delivering.compute(manifestId, (m, d) -> {
            Delivering now = d != null ? d
                    : new Delivering(binding, chunks, new RoaringBitmap(), new java.util.concurrent.atomic.AtomicInteger());
            now.users().incrementAndGet();
            return now;
        });
        bump();
    }

    /** Records that chunk {@code index} of a delivery in progress is now held here. */
    public void held(ManifestId manifestId, int index) {
        Delivering d = delivering.get(manifestId);
        if (d != null) {
            synchronized (d.held()) {
                d.held().add(index);
            }
            bump();
        }
    }

    /**
     * This node cannot produce chunk {@code id} (a read found it gone or not matching its name): it is no
     * longer advertised, in any image, until it is held again. Returns whether that is news.
     */
    public boolean cannotServe(io.ferry.chunk.ChunkId id) {
        boolean news = unservable.add(id);
        if (news) {
            bump();
        }
        return news;
    }

    /** Chunk {@code id} can be produced here again (cached anew, or found good by a re-check). */
    public void canServe(io.ferry.chunk.ChunkId id) {
        if (unservable.remove(id)) {
            bump();
        }
    }

    /** The names of the images being delivered here, by manifest (for deciding who may read them). */
    public Map<ManifestId, String> deliveringNames() {
        Map<ManifestId, String> out = new HashMap<>();
        delivering.forEach((m, d) -> {
            if (d.binding() != null) {
                try {
                    out.put(m, ImageBinding.decode(d.binding().payload()).name());
                } catch (IOException e) {
                    // a binding that does not decode names nothing anyone may read
                }
            }
        });
        return out;
    }

    public void endDelivery(ManifestId manifestId) {
        delivering.computeIfPresent(manifestId, (m, d) -> d.users().decrementAndGet() > 0 ? d : null);
        bump();
    }

    /** This node's table entry as of now, every fact signed; null while the node has no address. */
    public synchronized TableEntry entry() throws IOException {
        String at = address;
        if (at == null) {
            return null;
        }
        Said said = said();
        long v = version.get();
        if (addressFact == null || addressFact.version() != v || !NodeAddress.decode(addressFact.payload()).toString().equals(at)) {
            addressFact = signer.sign(NodeAddress.KIND, v, NodeAddress.of(at).encode());
        }
        Map<ManifestId, Map<Integer, Segment>> now = new HashMap<>();
        List<SignedFact> holdings = new ArrayList<>();
        for (SegmentHolding h : said.holdings()) {
            Segment seg = next(signed.getOrDefault(h.manifestId(), Map.of()).get(h.segment()), h, v);
            now.computeIfAbsent(h.manifestId(), k -> new HashMap<>()).put(h.segment(), seg);
            holdings.addAll(seg.facts());
        }
        signed = now;
        if (!sameFacts(saidBindings, said.bindings())) {
            saidBindings = said.bindings();
            bindingsVersion = v;
        }
        return new TableEntry(addressFact, said.bindings(), holdings);
    }

    /** The version at which the bindings this node relays last changed, as of the last {@link #entry()}. */
    public synchronized long bindingsVersion() {
        return bindingsVersion;
    }

    /**
     * What a segment's facts become when it says {@code h} at version {@code v}: unchanged, a gain on top
     * (chunks only added, fewer than {@link #MAX_GAINS} gains so far), or a holding signed anew.
     */
    private Segment next(Segment last, SegmentHolding h, long v) {
        if (last != null && (last.whole() == h.whole() && last.said().equals(h.bits())
                || v <= last.facts().get(last.facts().size() - 1).version())) {
            return last; // unchanged, or changed but not bumped yet: the bump that follows every change signs it
        }
        if (last != null && !h.whole() && last.gains().size() < MAX_GAINS
                && RoaringBitmap.andNotCardinality(last.said(), h.bits()) == 0) {
            RoaringBitmap added = RoaringBitmap.andNot(h.bits(), last.said());
            SignedFact gain = signer.sign(SegmentHolding.GAIN, v,
                    new SegmentHolding(h.manifestId(), h.segment(), h.chunks(), false, added).encode());
            List<SignedFact> gains = new ArrayList<>(last.gains());
            gains.add(gain);
            return new Segment(last.base(), false, gains, h.bits().clone());
        }
        return new Segment(signer.sign(SegmentHolding.KIND, v, h.encode()), h.whole(), List.of(), h.bits().clone());
    }

    private static boolean sameFacts(List<SignedFact> a, List<SignedFact> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).version() != b.get(i).version() || !Arrays.equals(a.get(i).signature(), b.get(i).signature())
                    || !Arrays.equals(a.get(i).payload(), b.get(i).payload())) {
                return false;
            }
        }
        return true;
    }

    /** This node's entry, or null when it has no address or the catalog cannot be read (nothing is pushed then). */
    public TableEntry entryOrNull() {
        try {
            return entry();
        } catch (IOException e) {
            return null;
        }
    }

    /** What this node's entry says, decoded; also before the node has an address. */
    public synchronized KnownNode state() throws IOException {
        Said said = said();
        return KnownNode.of(id, address, version.get(), said.bindings(), said.holdings());
    }

    private Said said() throws IOException {
        List<SignedFact> bindings = new ArrayList<>();
        List<SegmentHolding> holdings = new ArrayList<>();
        Set<ManifestId> whole = new HashSet<>();
        for (ImageRecord r : catalog.images()) {
            SignedFact b = r.binding();
            bindings.add(b == null || (signs && b.signature().length == 0 && b.origin().equals(id)) ? adopt(r) : b);
            Integer n = chunkCounts.get(r.manifestId());
            if (n == null && (n = count(r)) >= 0) {
                chunkCounts.put(r.manifestId(), n);
            }
            if (n >= 0 && whole.add(r.manifestId())) {
                RoaringBitmap held = servable(r.manifestId(), Bitmaps.all(n));
                holdings.addAll(SegmentHolding.of(r.manifestId(), n, held.getCardinality() == n, held));
            }
        }
        for (Map.Entry<ManifestId, Delivering> e : delivering.entrySet()) {
            Delivering d = e.getValue();
            if (!whole.contains(e.getKey())) { // else a copy to another path of an image held whole here
                if (d.binding() != null) {
                    bindings.add(d.binding());
                }
                RoaringBitmap bits;
                synchronized (d.held()) {
                    bits = d.held().clone();
                }
                bits = servable(e.getKey(), bits);
                holdings.addAll(SegmentHolding.of(e.getKey(), d.chunks(), false, bits));
            }
        }
        return new Said(bindings, holdings);
    }

    /** {@code held} without the indices of chunks this node cannot produce. */
    private RoaringBitmap servable(ManifestId manifestId, RoaringBitmap held) {
        if (unservable.isEmpty()) {
            return held;
        }
        try {
            io.ferry.chunk.ChunkList c = catalog.manifestById(manifestId).chunks();
            RoaringBitmap out = held.clone();
            held.forEach((int i) -> {
                if (unservable.contains(c.id(i))) {
                    out.remove(i);
                }
            });
            return out;
        } catch (IOException e) {
            return held;
        }
    }

    /**
     * An image recorded by an earlier version has no binding fact, and one imported while this node had no
     * credentials (the CLI on its data directory, or a plaintext node) has an unsigned one: this node signs
     * one as its publisher (it is the node that recorded it) and keeps it.
     */
    private SignedFact adopt(ImageRecord r) throws IOException {
        SignedFact f = publish(new ImageBinding(r.name(), r.manifestId(), r.size(),
                r.sha256() == null ? null : new ImageDigest(r.sha256())));
        catalog.bind(r.name(), f);
        return f;
    }

    /** The image's chunk count; -1 when its manifest cannot be read (nothing is said about it then). */
    private int count(ImageRecord r) {
        try {
            return catalog.manifest(r).chunks().count();
        } catch (IOException e) {
            return -1;
        }
    }
}
