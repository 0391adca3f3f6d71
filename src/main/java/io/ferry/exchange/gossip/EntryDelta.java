package io.ferry.exchange.gossip;

import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.SegmentHolding;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.util.List;

/**
 * EntryDelta is what changed in node X's entry since version {@code since} (0: everything), as the
 * signed facts themselves, unchanged: X's address fact (the head: its version is the entry's), the
 * bindings X relays when that set changed after {@code since} (null: unchanged), the holding and gain
 * facts signed after {@code since}, and the {@link Key} of every holding and gain fact the entry has now,
 * so the receiver knows which of those it holds still count and which X dropped. Nothing here is trusted:
 * the receiver's cluster table verifies each new fact as it would a whole entry.
 *
 * @param bindingsVersion X's version at which the bindings it relays last changed
 */
public record EntryDelta(SignedFact head, long since, long bindingsVersion, List<SignedFact> bindings,
                         List<SignedFact> holdings, List<Key> keys) {
    public EntryDelta {
        java.util.Objects.requireNonNull(head, "head");
        bindings = bindings == null ? null : List.copyOf(bindings);
        holdings = List.copyOf(holdings);
        keys = List.copyOf(keys);
    }

    public NodeId node() {
        return head.origin();
    }

    public long version() {
        return head.version();
    }

    /** Which holding or gain fact of an entry: its kind, manifest, segment and version. */
    public record Key(boolean gain, ManifestId manifestId, int segment, long version) {
        /** The key of holding or gain fact {@code f}; FactFormatException when its payload does not say. */
        public static Key of(SignedFact f) throws FactFormatException {
            SegmentHolding.Slot s = SegmentHolding.slot(f.payload());
            return new Key(SegmentHolding.GAIN.equals(f.kind()), s.manifestId(), s.segment(), f.version());
        }
    }
}
