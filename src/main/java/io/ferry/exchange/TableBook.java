package io.ferry.exchange;

import io.ferry.catalog.ClusterTable;
import io.ferry.catalog.TableEntry;
import io.ferry.exchange.gossip.Book;
import io.ferry.exchange.gossip.Deltas;
import io.ferry.exchange.gossip.EntryDelta;
import io.ferry.trust.NodeId;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TableBook is the gossip's {@link Book} in a node: this node's own entry from its {@link Advertisement},
 * everyone else's from the cluster table, which verifies each fact it takes.
 */
final class TableBook implements Book {
    private static final Logger log = LoggerFactory.getLogger(TableBook.class);

    private final Advertisement self;
    private final ClusterTable table;

    TableBook(Advertisement self, ClusterTable table) {
        this.self = self;
        this.table = table;
    }

    @Override
    public Map<NodeId, Long> versions() {
        Map<NodeId, Long> out = new HashMap<>();
        try {
            table.versions().forEach((node, v) -> out.put(node, v[0]));
        } catch (IOException e) {
            log.warn("cannot read the cluster table: {}", e.getMessage());
        }
        if (self.address() != null) {
            out.put(self.id(), self.version());
        }
        return out;
    }

    @Override
    public EntryDelta delta(NodeId origin, long since) {
        try {
            if (origin.equals(self.id())) {
                TableEntry mine = self.entry();
                return mine == null ? null : Deltas.since(mine, self.bindingsVersion(), since);
            }
            long[] v = table.versions().get(origin);
            TableEntry e = table.entry(origin).orElse(null);
            return e == null || v == null ? null : Deltas.since(e, v[1], since);
        } catch (IOException e) { // a fact that does not decode included
            log.warn("cannot say what changed in the entry of {}: {}", origin, e.getMessage());
            return null;
        }
    }

    @Override
    public Applied apply(EntryDelta d) {
        if (d.node().equals(self.id())) {
            return Applied.REFUSED;
        }
        try {
            long[] v = table.versions().get(d.node());
            long held = v == null ? 0 : v[0];
            if (d.version() <= held) {
                return Applied.STALE;
            }
            TableEntry e = Deltas.apply(table.entry(d.node()).orElse(null), held, d);
            if (e == null) {
                return Applied.INCOMPLETE;
            }
            return table.merge(e, d.bindingsVersion()) ? Applied.TAKEN : Applied.REFUSED;
        } catch (IOException | RuntimeException e) {
            log.warn("cannot take what changed in the entry of {}: {}", d.node(), e.getMessage());
            return Applied.REFUSED;
        }
    }
}
