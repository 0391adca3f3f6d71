package io.ferry.node;

import io.ferry.catalog.ClusterTable;
import io.ferry.catalog.TableEntry;
import io.ferry.transfer.PeerClient;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TablePoller keeps the cluster table current by exchanging tables: it sends every peer it knows (the
 * configured ones and every node their tables mention) this node's own entry and merges the table
 * that comes back.
 * It runs at start-up, on a timer, and on demand before and during a delivery. A peer that does not
 * answer is noted as unreachable; its last entry stays until a fresher one arrives.
 */
public final class TablePoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TablePoller.class);

    /** The answer to GET /v1/table: the answering node and every entry it knows, its own first. */
    public record Summary(String node, String address, List<TableEntry> entries) {
    }

    private final String self;
    private final java.util.function.Supplier<TableEntry> selfEntry;
    private final ClusterTable table;
    private final PeerClient client;
    private final Set<String> seeds;
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "ferry-poll");
        t.setDaemon(true);
        return t;
    });

    TablePoller(String self, java.util.function.Supplier<TableEntry> selfEntry, ClusterTable table, PeerClient client,
                List<String> peers) {
        this.self = self;
        this.selfEntry = selfEntry;
        this.table = table;
        this.client = client;
        this.seeds = new LinkedHashSet<>(peers);
    }

    /** Pulls every known peer's table once, in parallel, waiting at most a few seconds. */
    public void refresh() {
        Set<String> addresses = new LinkedHashSet<>(seeds);
        try {
            for (TableEntry e : table.entries()) {
                addresses.add(e.address());
            }
        } catch (IOException e) {
            log.warn("cannot read the cluster table: {}", e.getMessage());
        }
        List<Future<?>> pending = new java.util.ArrayList<>();
        for (String a : addresses) {
            pending.add(pool.submit(() -> pull(a)));
        }
        for (Future<?> f : pending) {
            try {
                f.get(6, TimeUnit.SECONDS);
            } catch (Exception e) {
                f.cancel(true);
            }
        }
    }

    private void pull(String address) {
        try {
            // push-pull: the peer learns this node's entry as this node learns the peer's table, so
            // knowledge of a node spreads from anyone it talks to, not only from those it was told of
            Summary s = client.exchange(address, "/v1/table", selfEntry.get(), Summary.class);
            reachable.put(address, true);
            for (TableEntry e : s.entries()) {
                if (!e.node().equals(self)) {
                    table.merge(e);
                }
            }
            table.touch(s.node());
        } catch (IOException e) {
            if (!Boolean.FALSE.equals(reachable.put(address, false))) {
                log.info("peer {} is unreachable: {}", address, e.getMessage());
            }
        }
    }

    /** Whether the last pull from {@code address} worked; null when it was never tried. */
    public Boolean reachable(String address) {
        return reachable.get(address);
    }

    /** The configured peer addresses. */
    public Set<String> seeds() {
        return seeds;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
