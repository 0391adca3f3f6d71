package io.ferry.exchange;

import io.ferry.catalog.ClusterTable;
import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.NodeAddress;
import io.ferry.catalog.TableEntry;
import io.ferry.transfer.PeerClient;
import io.ferry.transfer.Routes;
import io.ferry.transfer.TableSummary;
import io.ferry.util.Threads;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TableExchange is the push-pull exchange of whole tables: to every peer it knows (the configured ones
 * and every node their tables mention) it sends this node's own entry and merges the table that comes
 * back, so a node learns of every node any peer knows. It runs at start-up, on a timer, and on demand
 * before and during a delivery. A peer that does not answer is noted as unreachable; its last entry
 * stays until a fresher one arrives.
 */
public final class TableExchange implements Exchange {
    private static final Logger log = LoggerFactory.getLogger(TableExchange.class);
    private static final long ROUND_SECONDS = 6;

    private final Advertisement self;
    private final ClusterTable table;
    private final PeerClient client;
    private final Set<String> configured;
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    /** Peers a pull is running for. */
    private final Map<String, CompletableFuture<Void>> asking = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, Threads.daemon("exchange"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("exchange-timer"));

    public TableExchange(Advertisement self, ClusterTable table, PeerClient client, List<String> peers) {
        this.self = self;
        this.table = table;
        this.client = client;
        this.configured = new LinkedHashSet<>(peers);
    }

    @Override
    public void refresh() {
        refresh(Duration.ofSeconds(ROUND_SECONDS));
    }

    @Override
    public void refresh(Duration wait) {
        Set<String> addresses = new LinkedHashSet<>(configured);
        try {
            for (TableEntry e : table.entries()) {
                addresses.add(NodeAddress.decode(e.address().payload()).toString());
            }
        } catch (FactFormatException e) {
            log.warn("a stored address does not decode: {}", e.getMessage());
        } catch (IOException e) {
            log.warn("cannot read the cluster table: {}", e.getMessage());
        }
        List<Future<?>> pending = new ArrayList<>();
        for (String a : addresses) {
            // one pull per peer at a time: a slow one is not asked again meanwhile, and this round waits
            // for the pull already running (the timer's, say) as it would for its own
            pending.add(asking.compute(a, (k, running) -> running != null && !running.isDone() ? running
                    : CompletableFuture.runAsync(() -> pull(k), pool)));
        }
        long until = System.nanoTime() + wait.toNanos();
        for (Future<?> f : pending) {
            try {
                f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // it goes on: its answer is merged when it comes
            } catch (Exception e) {
                f.cancel(true);
            }
        }
    }

    @Override
    public void start(Duration every) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.warn("table exchange failed: {}", e.toString());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pull(String address) {
        try {
            // push-pull: the peer learns this node's entry as this node learns the peer's table, so
            // knowledge of a node spreads from anyone it talks to, not only from those it was told of
            TableSummary s = client.table(address, self.entryOrNull());
            reachable.put(address, true);
            for (TableEntry e : s.entries()) {
                table.merge(e); // each fact is verified there; what does not verify is dropped
            }
            table.touch(s.node(), address); // only if that node's verified entry says it serves there
        } catch (IOException e) {
            if (!Boolean.FALSE.equals(reachable.put(address, false))) {
                log.info("peer {} is unreachable: {}", address, e.getMessage());
            }
        }
    }

    @Override
    public Routes routes() {
        return new TableRoutes(self, table);
    }

    @Override
    public Boolean reachable(String address) {
        return reachable.get(address);
    }

    @Override
    public Set<String> configuredPeers() {
        return configured;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pool.shutdownNow();
    }
}
