package io.ferry.exchange.gossip;

import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.TableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deltas makes an {@link EntryDelta} from an entry and applies one to the entry held before. A holding
 * fact is re-signed only when what it says changes, at the origin's version of that moment, so "facts
 * newer than the receiver's version" are exactly the ones it lacks; everything else it already holds.
 */
public final class Deltas {
    private Deltas() {
    }

    /** What changed in {@code e} after {@code since}; {@code bindingsVersion}: when its bindings last changed. */
    public static EntryDelta since(TableEntry e, long bindingsVersion, long since) throws FactFormatException {
        List<EntryDelta.Key> keys = new ArrayList<>(e.holdings().size());
        List<io.ferry.trust.SignedFact> newer = new ArrayList<>();
        for (var f : e.holdings()) {
            keys.add(EntryDelta.Key.of(f));
            if (f.version() > since) {
                newer.add(f);
            }
        }
        boolean bindings = since == 0 || bindingsVersion > since;
        return new EntryDelta(e.address(), since, bindingsVersion, bindings ? e.bindings() : null, newer, keys);
    }

    /**
     * The entry {@code d} describes, put together from it and {@code held} (the entry held before, null:
     * none); null when {@code held} lacks a fact the delta counts on (the receiver then asks for all of it).
     */
    public static TableEntry apply(TableEntry held, long heldVersion, EntryDelta d) {
        if (d.since() > 0 && (held == null || heldVersion < d.since())) {
            return null;
        }
        if (d.bindings() == null && held == null) {
            return null;
        }
        Map<EntryDelta.Key, io.ferry.trust.SignedFact> have = new HashMap<>();
        try {
            for (var f : d.holdings()) {
                have.put(EntryDelta.Key.of(f), f);
            }
            if (held != null) {
                for (var f : held.holdings()) {
                    have.putIfAbsent(EntryDelta.Key.of(f), f);
                }
            }
        } catch (FactFormatException e) {
            return null; // what does not decode is not counted on
        }
        List<io.ferry.trust.SignedFact> holdings = new ArrayList<>(d.keys().size());
        for (EntryDelta.Key k : d.keys()) {
            var f = have.get(k);
            if (f == null) {
                return null;
            }
            holdings.add(f);
        }
        return new TableEntry(d.head(), d.bindings() != null ? d.bindings() : held.bindings(), holdings);
    }
}
