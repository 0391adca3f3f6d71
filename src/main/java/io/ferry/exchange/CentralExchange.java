package io.ferry.exchange;

import io.ferry.catalog.ClusterTable;
import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.TableEntry;
import io.ferry.exchange.central.RedisFacts;
import io.ferry.exchange.gossip.Deltas;
import io.ferry.exchange.gossip.EntryDelta;
import io.ferry.exchange.gossip.GossipCodec;
import io.ferry.exchange.gossip.GossipMessage;
import io.ferry.manifest.ManifestId;
import io.ferry.transfer.Routes;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import io.ferry.util.Threads;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CentralExchange is central mode: this node publishes its signed entry to Redis ({@link RedisFacts}) when
 * it changes and renews its lease every third of the lease; it learns others' entries from the change
 * stream as they come, and from the version hash every lease third (which repairs whatever a dropped
 * connection or a restarted Redis lost; a restart empties Redis, and every node's next renewal fills it
 * again). Liveness is the lease: a node whose lease ran out is dead, one that said so has left; neither
 * is planned as a source. What comes from Redis is merged through the cluster table, which verifies it.
 */
final class CentralExchange implements Exchange {
    private static final Logger log = LoggerFactory.getLogger(CentralExchange.class);
    /** A node whose lease is not renewed for this long is dead. */
    static final Duration LEASE = Duration.ofSeconds(15);

    private final Advertisement self;
    private final ClusterTable table;
    private final RedisFacts redis;
    private final Set<String> configured;
    private volatile Map<NodeId, Long> live = Map.of();
    private volatile Set<NodeId> left = Set.of();
    private long published;
    private long renewed;
    private Set<ManifestId> held = Set.of();
    private volatile boolean running = true;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("central"));
    private final ExecutorService reader = Executors.newSingleThreadExecutor(Threads.daemon("central-read"));

    CentralExchange(Advertisement self, ClusterTable table, String uris, List<String> contacts) {
        this.self = self;
        this.table = table;
        this.redis = new RedisFacts(uris, Duration.ofSeconds(5));
        this.configured = new java.util.LinkedHashSet<>(contacts);
    }

    @Override
    public void start(Duration every) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                publish();
            } catch (RuntimeException e) {
                log.warn("cannot publish to Redis: {}", e.getMessage());
            }
        }, 0, Math.min(every.toMillis(), 1000), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::refresh0, 0, LEASE.toMillis() / 3, TimeUnit.MILLISECONDS);
        reader.execute(this::follow);
    }

    /** Publishes when the entry changed, or renews the lease when a third of it has passed. */
    private synchronized void publish() {
        TableEntry mine = self.entryOrNull();
        long now = System.nanoTime();
        boolean changed = mine != null && mine.version() != published;
        if (mine == null || !changed && now - renewed < LEASE.toNanos() / 3) {
            return;
        }
        try {
            Map<ManifestId, List<SignedFact>> by = new LinkedHashMap<>();
            for (SignedFact f : mine.holdings()) {
                by.computeIfAbsent(EntryDelta.Key.of(f).manifestId(), k -> new ArrayList<>()).add(f);
            }
            Map<ManifestId, byte[]> index = new LinkedHashMap<>();
            for (Map.Entry<ManifestId, List<SignedFact>> e : by.entrySet()) {
                TableEntry part = new TableEntry(mine.address(), List.of(), e.getValue());
                index.put(e.getKey(), GossipCodec.encode(new GossipMessage.Deltas(List.of(Deltas.since(part, 0, 0)))));
            }
            List<ManifestId> dropped = held.stream().filter(m -> !by.containsKey(m)).toList();
            redis.publish(Deltas.since(mine, self.bindingsVersion(), 0), LEASE, changed, index, dropped);
            held = new HashSet<>(by.keySet());
            published = mine.version();
            renewed = now;
        } catch (FactFormatException e) {
            log.warn("this node's entry does not encode: {}", e.getMessage());
        }
    }

    /** Reads the change stream for as long as the exchange runs. */
    private void follow() {
        String from = null;
        int reads = 0;
        while (running) {
            try {
                if (from == null || ++reads % 10 == 0 && after(from, redis.lastChange())) {
                    from = redis.lastChange(); // first, or a new stream (Redis restarted): read on from its end
                }
                for (RedisFacts.Change c : redis.changes(from, Duration.ofSeconds(1))) {
                    from = c.id();
                    if (c.node() != null && !c.node().equals(self.id())) {
                        if (c.left()) { // heard at once, not at the next read of the leases
                            Set<NodeId> l = new HashSet<>(left);
                            l.add(c.node());
                            left = l;
                            Map<NodeId, Long> v = new LinkedHashMap<>(live);
                            v.remove(c.node());
                            live = v;
                        } else {
                            take(c.node());
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.debug("reading Redis's changes: {}", e.toString());
                    sleep();
                }
            }
        }
    }

    /** Whether stream id {@code a} ("ms-seq") comes after {@code b}. */
    static boolean after(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        long ms = Long.parseLong(x[0]) - Long.parseLong(y[0]);
        return ms != 0 ? ms > 0 : Long.parseLong(x[1]) > Long.parseLong(y[1]);
    }

    private static void sleep() {
        try {
            Thread.sleep(1000); // Redis unreachable: Lettuce reconnects meanwhile; ask again in a second
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Merges {@code node}'s entry as Redis has it now. */
    private void take(NodeId node) {
        EntryDelta d = redis.entry(node);
        if (d == null) {
            return;
        }
        TableEntry e = Deltas.apply(null, 0, d);
        try {
            if (e != null) {
                table.merge(e, d.bindingsVersion());
            }
        } catch (IOException ex) {
            log.warn("cannot merge the entry of {}: {}", node, ex.getMessage());
        }
    }

    @Override
    public void refresh() {
        refresh0();
    }

    /** Reads the version hash now (Redis answers within its timeout whatever the peers do). */
    @Override
    public void refresh(Duration wait) {
        refresh0();
    }

    private void refresh0() {
        try {
            Map<NodeId, Long> now = redis.live();
            Map<NodeId, long[]> held = table.versions();
            for (Map.Entry<NodeId, Long> e : now.entrySet()) {
                long[] v = held.get(e.getKey());
                if (!e.getKey().equals(self.id()) && (v == null || v[0] < e.getValue())) {
                    take(e.getKey());
                }
            }
            live = now;
            left = new HashSet<>(redis.left());
        } catch (RuntimeException | IOException e) {
            log.warn("cannot read the cluster from Redis: {}", e.getMessage());
        }
    }

    @Override
    public Routes routes() {
        return new TableRoutes(self, table);
    }

    @Override
    public Boolean reachable(String address) {
        return null;
    }

    @Override
    public String state(NodeId node) {
        return live.containsKey(node) ? "alive" : left.contains(node) ? "left" : "dead";
    }

    @Override
    public Set<String> configuredPeers() {
        return configured;
    }

    @Override
    public void close() {
        running = false;
        timer.shutdownNow();
        try {
            redis.leave(self.id(), self.version(), new ArrayList<>(held));
        } catch (RuntimeException e) {
            log.warn("cannot tell Redis this node leaves: {}", e.getMessage());
        }
        reader.shutdownNow();
        redis.close();
    }
}
