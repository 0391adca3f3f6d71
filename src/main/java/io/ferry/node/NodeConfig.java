package io.ferry.node;

import io.ferry.exchange.ExchangeConfig;
import io.ferry.plan.PlanConfig;
import io.ferry.trust.Trust;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * NodeConfig is everything a node is built from.
 *
 * @param dataDir      the node's data directory
 * @param cacheMax     the cache's size bound in bytes on disk (compressed); 0 means unbounded. Only
 *                     chunks no image here needs are evicted to meet it, least recently used first.
 * @param threads      worker threads for chunking, hashing and assembly
 * @param id           the node id to use (checked against the data directory's); null: keep or make one
 * @param networked    true for a daemon that talks to peers; false for the CLI working on its data
 *                     directory alone, which never touches the network
 * @param address      the address peers reach this node at (host:port); null when not networked
 * @param exchange     how the table is kept in step with the peers' (mode, first contacts, interval)
 * @param clock        the time every decision of the node's is taken by (tests give their own)
 * @param trust        the node's certificates, policy and deny list: with credentials (TLS) facts are signed
 *                     with the node's key and peers speak TLS; {@link Trust#none()}: plaintext, nothing proven
 * @param planning     how sources are chosen (strategy, configured peers, this node's site)
 */
public record NodeConfig(Path dataDir, long cacheMax, int threads, String id, boolean networked, String address,
                         ExchangeConfig exchange, Clock clock, Trust trust, PlanConfig planning) {
    public NodeConfig {
        if (cacheMax < 0) {
            throw new IllegalArgumentException("--cache-max must not be negative");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        java.util.Objects.requireNonNull(trust, "trust (Trust.none() for plaintext)");
        java.util.Objects.requireNonNull(planning, "planning (PlanConfig.DEFAULT)");
    }

    /** A node on its data directory alone (the CLI without --node). */
    public static NodeConfig of(Path dataDir, long cacheMax) {
        return new NodeConfig(dataDir, cacheMax, defaultThreads(), null, false, null,
                ExchangeConfig.gossip(List.of(), Duration.ofSeconds(1)), Clock.systemUTC(), Trust.none(), PlanConfig.DEFAULT);
    }

    /** A daemon reachable at {@code address} that keeps its table in step as {@code exchange} says. */
    public static NodeConfig daemon(Path dataDir, long cacheMax, String id, String address, ExchangeConfig exchange) {
        return new NodeConfig(dataDir, cacheMax, defaultThreads(), id, true, address, exchange, Clock.systemUTC(),
                Trust.none(), PlanConfig.DEFAULT);
    }

    /** This configuration, secured by {@code t}. */
    public NodeConfig withTrust(Trust t) {
        return new NodeConfig(dataDir, cacheMax, threads, id, networked, address, exchange, clock, t, planning);
    }

    /** This configuration, choosing sources as {@code p} says. */
    public NodeConfig withPlanning(PlanConfig p) {
        return new NodeConfig(dataDir, cacheMax, threads, id, networked, address, exchange, clock, trust, p);
    }

    private static int defaultThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }
}
