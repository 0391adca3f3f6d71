package io.ferry.sim;

import io.ferry.catalog.TableEntry;
import io.ferry.exchange.gossip.Book;
import io.ferry.exchange.gossip.Deltas;
import io.ferry.exchange.gossip.EntryDelta;
import io.ferry.trust.NodeId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * MapBook is a {@link Book} in memory, for tests and the simulation of thousands of nodes: the same
 * delta logic as the node's cluster table, without SQLite. It does not verify signatures (the simulation
 * makes none); it counts the facts a node would have to verify ({@link #verifications}): those a delta
 * brings, as the cluster table verifies only facts it does not hold yet.
 */
public final class MapBook implements Book {
    private final NodeId self;
    private final Supplier<TableEntry> own;
    private final Supplier<Long> ownBindingsVersion;
    private final Map<NodeId, TableEntry> entries = new HashMap<>();
    private final Map<NodeId, long[]> versions = new HashMap<>();
    private long verifications;

    /** @param own this node's entry now (null: none yet); {@code ownBindingsVersion}: when its bindings last changed */
    public MapBook(NodeId self, Supplier<TableEntry> own, Supplier<Long> ownBindingsVersion) {
        this.self = self;
        this.own = own;
        this.ownBindingsVersion = ownBindingsVersion;
    }

    @Override
    public Map<NodeId, Long> versions() {
        Map<NodeId, Long> out = new HashMap<>();
        versions.forEach((k, v) -> out.put(k, v[0]));
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
            TableEntry e = entries.get(origin);
            return e == null ? null : Deltas.since(e, versions.get(origin)[1], since);
        } catch (io.ferry.catalog.FactFormatException e) {
            return null;
        }
    }

    @Override
    public Applied apply(EntryDelta d) {
        if (d.node().equals(self)) {
            return Applied.REFUSED;
        }
        long held = versions.containsKey(d.node()) ? versions.get(d.node())[0] : 0;
        if (d.version() <= held) {
            return Applied.STALE;
        }
        TableEntry e = Deltas.apply(entries.get(d.node()), held, d);
        if (e == null) {
            return Applied.INCOMPLETE;
        }
        verifications += 1 + d.holdings().size() + (d.bindings() == null ? 0 : d.bindings().size()); // the new facts
        entries.put(d.node(), e);
        versions.put(d.node(), new long[] {e.version(), Math.min(d.bindingsVersion(), e.version())});
        return Applied.TAKEN;
    }

    /** Forgets what {@code node} said, keeping its version (as the cluster table does for a dead node). */
    public void forget(NodeId node) {
        entries.remove(node);
    }

    /** The version of {@code node}'s entry held here; 0: none. */
    public long version(NodeId node) {
        long[] v = versions.get(node);
        return v == null ? 0 : v[0];
    }

    public TableEntry entry(NodeId node) {
        return entries.get(node);
    }

    /** Facts this node would have verified so far, each fact once. */
    public long verifications() {
        return verifications;
    }
}
