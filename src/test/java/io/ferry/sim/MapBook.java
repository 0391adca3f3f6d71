package io.ferry.sim;

import io.ferry.catalog.TableEntry;
import io.ferry.exchange.gossip.Book;
import io.ferry.exchange.gossip.Deltas;
import io.ferry.exchange.gossip.EntryDelta;
import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * MapBook is a {@link Book} in memory, for tests and the simulation of thousands of nodes: the same
 * delta logic as the node's cluster table, without SQLite. It does not verify signatures (the simulation
 * makes none); it counts the facts a node would have to verify ({@link #verifications}): those a delta
 * brings, as the cluster table verifies only facts it does not hold yet.
 *
 * <p>Compact, so that 10,000 nodes each holding every other's entry (10⁸ pairs) fit in a heap: the books
 * of one simulation share a {@link Shared} that numbers the origins and keeps one copy of each origin's
 * entry per version (an entry at a version is what its origin signed: the same for every holder), and a
 * book keeps arrays by that number, not maps.
 */
public final class MapBook implements Book {
    /** What the books of one simulation share: a number per origin, one copy of each entry's newest version. */
    public static final class Shared {
        private final Map<NodeId, Integer> slots = new HashMap<>();
        private final List<NodeId> ids = new ArrayList<>();
        private final List<TableEntry> newest = new ArrayList<>();

        int slot(NodeId id) {
            return slots.computeIfAbsent(id, k -> {
                ids.add(k);
                newest.add(null);
                return ids.size() - 1;
            });
        }

        TableEntry intern(int slot, TableEntry e) {
            TableEntry known = newest.get(slot);
            if (known != null && known.version() == e.version()) {
                return known;
            }
            if (known == null || e.version() > known.version()) {
                newest.set(slot, e);
            }
            return e;
        }
    }

    private final NodeId self;
    private final Supplier<TableEntry> own;
    private final Supplier<Long> ownBindingsVersion;
    private final Shared shared;
    private TableEntry[] entries = new TableEntry[0];
    /** By slot: the version held (0: none), and the version at which its bindings last changed. */
    private long[] versions = new long[0];
    private long[] bindingsVersions = new long[0];
    private long verifications;

    /** @param own this node's entry now (null: none yet); {@code ownBindingsVersion}: when its bindings last changed */
    public MapBook(NodeId self, Supplier<TableEntry> own, Supplier<Long> ownBindingsVersion) {
        this(self, own, ownBindingsVersion, new Shared());
    }

    public MapBook(NodeId self, Supplier<TableEntry> own, Supplier<Long> ownBindingsVersion, Shared shared) {
        this.self = self;
        this.own = own;
        this.ownBindingsVersion = ownBindingsVersion;
        this.shared = shared;
    }

    private int slot(NodeId node) {
        int s = shared.slot(node);
        if (s >= versions.length) {
            int n = Math.max(s + 1, versions.length * 2);
            entries = Arrays.copyOf(entries, n);
            versions = Arrays.copyOf(versions, n);
            bindingsVersions = Arrays.copyOf(bindingsVersions, n);
        }
        return s;
    }

    @Override
    public Map<NodeId, Long> versions() {
        Map<NodeId, Long> out = new HashMap<>();
        for (int s = 0; s < versions.length; s++) {
            if (versions[s] > 0) {
                out.put(shared.ids.get(s), versions[s]);
            }
        }
        TableEntry mine = own.get();
        if (mine != null) {
            out.put(self, mine.version());
        }
        return out;
    }

    @Override
    public EntryDelta delta(NodeId origin, long since) {
        try {
            if (origin.equals(self)) {
                TableEntry mine = own.get();
                return mine == null ? null : Deltas.since(mine, ownBindingsVersion.get(), since);
            }
            int s = slot(origin);
            TableEntry e = entries[s];
            return e == null ? null : Deltas.since(e, bindingsVersions[s], since);
        } catch (io.ferry.catalog.FactFormatException e) {
            return null;
        }
    }

    @Override
    public Applied apply(EntryDelta d) {
        if (d.node().equals(self)) {
            return Applied.REFUSED;
        }
        int s = slot(d.node());
        long held = versions[s];
        if (d.version() <= held) {
            return Applied.STALE;
        }
        TableEntry e = Deltas.apply(entries[s], held, d);
        if (e == null) {
            return Applied.INCOMPLETE;
        }
        verifications += 1 + d.holdings().size() + (d.bindings() == null ? 0 : d.bindings().size()); // the new facts
        put(s, e, d.bindingsVersion());
        return Applied.TAKEN;
    }

    /** Holds {@code e} as if it had been gossiped here (no verification counted): a simulation's starting state. */
    public void seed(TableEntry e, long bindingsVersion) {
        put(slot(e.node()), e, bindingsVersion);
    }

    private void put(int s, TableEntry e, long bindingsVersion) {
        entries[s] = shared.intern(s, e);
        versions[s] = e.version();
        bindingsVersions[s] = Math.min(bindingsVersion, e.version());
    }

    /** Forgets what {@code node} said, keeping its version (as the cluster table does for a dead node). */
    public void forget(NodeId node) {
        int s = slot(node); // before reading the array: slot() may grow it
        entries[s] = null;
    }

    /** The version of {@code node}'s entry held here; 0: none. */
    public long version(NodeId node) {
        int s = slot(node);
        return versions[s];
    }

    public TableEntry entry(NodeId node) {
        int s = slot(node);
        return entries[s];
    }

    /** Facts this node would have verified so far, each fact once. */
    public long verifications() {
        return verifications;
    }
}
