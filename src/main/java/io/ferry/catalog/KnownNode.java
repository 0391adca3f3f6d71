package io.ferry.catalog;

import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import io.ferry.manifest.ManifestId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * KnownNode is what one node's entry says, decoded: where it serves, the images it relays bindings
 * of, and which chunks of which manifests it holds (the segments of each manifest put together). It is
 * read from facts that were verified when they were merged; it checks nothing itself. A segment's
 * chunks are its newest {@code holding} fact's and those of the {@code gain} facts signed after it.
 *
 * @param address where the node serves; null only for this node's own view before it listens
 */
public record KnownNode(NodeId node, String address, long version, List<Image> images, List<Holding> holdings) {

    /**
     * An image a node relays the binding of: {@code complete} when the node's holding of its manifest is
     * whole (the node's own signed word, not the publisher's).
     */
    public record Image(ImageBinding binding, NodeId publisher, long published, boolean complete) {
        public String name() {
            return binding.name();
        }

        public ManifestId manifestId() {
            return binding.manifestId();
        }
    }

    /** The chunks of a manifest a node holds, by absolute index. The bitmap is not to be modified. */
    public record Holding(ManifestId manifestId, int chunks, boolean whole, RoaringBitmap bits) {
    }

    /** The holding of {@code manifestId}, or null. */
    public Holding holding(ManifestId manifestId) {
        return holdings.stream().filter(h -> h.manifestId().equals(manifestId)).findFirst().orElse(null);
    }

    /** Decodes {@code e}; any fact that does not decode fails it (a merged entry holds only facts that do). */
    public static KnownNode of(TableEntry e) throws FactFormatException {
        Map<SegmentHolding.Slot, SegmentHolding> bases = new LinkedHashMap<>();
        Map<SegmentHolding.Slot, Long> baseVersions = new HashMap<>();
        for (SignedFact f : e.holdings()) {
            if (SegmentHolding.KIND.equals(f.kind())) {
                SegmentHolding h = SegmentHolding.decode(f.payload());
                SegmentHolding.Slot slot = new SegmentHolding.Slot(h.manifestId(), h.segment());
                bases.put(slot, h);
                baseVersions.put(slot, f.version());
            }
        }
        for (SignedFact f : e.holdings()) {
            if (SegmentHolding.GAIN.equals(f.kind())) { // on top of the newest holding of its segment only
                SegmentHolding g = SegmentHolding.decode(f.payload());
                SegmentHolding.Slot slot = new SegmentHolding.Slot(g.manifestId(), g.segment());
                SegmentHolding base = bases.get(slot);
                if (base != null && base.chunks() == g.chunks() && f.version() > baseVersions.get(slot)) {
                    bases.put(slot, new SegmentHolding(base.manifestId(), base.segment(), base.chunks(), base.whole(),
                            RoaringBitmap.or(base.bits(), g.bits())));
                }
            }
        }
        return of(e.node(), NodeAddress.decode(e.address().payload()).toString(), e.version(), e.bindings(),
                new ArrayList<>(bases.values()));
    }

    /** What a node says with these bindings and holdings. */
    public static KnownNode of(NodeId node, String address, long version, List<SignedFact> bindings,
                               List<SegmentHolding> segments) throws FactFormatException {
        List<Holding> holdings = holdings(segments);
        List<Image> images = new ArrayList<>();
        for (SignedFact f : bindings) {
            ImageBinding b = ImageBinding.decode(f.payload());
            boolean complete = holdings.stream().anyMatch(h -> h.whole() && h.manifestId().equals(b.manifestId()));
            images.add(new Image(b, f.origin(), f.version(), complete));
        }
        return new KnownNode(node, address, version, List.copyOf(images), holdings);
    }

    /**
     * Puts the segments of each manifest together. Whole when every segment is there and says whole;
     * segments that disagree with the first on the chunk count are left out.
     */
    public static List<Holding> holdings(List<SegmentHolding> segments) {
        Map<ManifestId, List<SegmentHolding>> by = new LinkedHashMap<>();
        segments.forEach(s -> by.computeIfAbsent(s.manifestId(), k -> new ArrayList<>()).add(s));
        List<Holding> out = new ArrayList<>();
        by.forEach((id, parts) -> {
            int chunks = parts.get(0).chunks();
            RoaringBitmap bits = new RoaringBitmap();
            boolean[] seen = new boolean[SegmentHolding.segments(chunks)];
            boolean whole = true;
            for (SegmentHolding s : parts) {
                if (s.chunks() == chunks) {
                    bits.or(s.absolute());
                    seen[s.segment()] = true;
                    whole &= s.whole();
                }
            }
            for (boolean b : seen) {
                whole &= b;
            }
            out.add(new Holding(id, chunks, whole, bits));
        });
        return List.copyOf(out);
    }
}
