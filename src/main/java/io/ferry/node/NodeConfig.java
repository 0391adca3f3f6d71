package io.ferry.node;

import io.ferry.catalog.PeerAddress;
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
 * @param peers        peers to ask for tables at start-up and after (host:port)
 * @param pollInterval how often the daemon pulls its peers' tables
 * @param clock        the time every decision of the node's is taken by (tests give their own)
 * @param trust        the node's certificates, policy and deny list: with credentials (TLS) facts are signed
 *                     with the node's key and peers speak TLS; {@link Trust#none()}: plaintext, nothing proven
 */
public record NodeConfig(Path dataDir, long cacheMax, int threads, String id, boolean networked, String address,
                         List<String> peers, Duration pollInterval, Clock clock, Trust trust) {
    public NodeConfig {
        if (cacheMax < 0) {
            throw new IllegalArgumentException("--cache-max must not be negative");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("--poll-interval must be positive");
        }
        peers = List.copyOf(peers).stream().map(PeerAddress::check).toList(); // host:port only: they become URLs
        java.util.Objects.requireNonNull(trust, "trust (Trust.none() for plaintext)");
    }

    /** A node on its data directory alone (the CLI without --node). */
    public static NodeConfig of(Path dataDir, long cacheMax) {
        return new NodeConfig(dataDir, cacheMax, defaultThreads(), null, false, null, List.of(), Duration.ofSeconds(10), Clock.systemUTC(),
                Trust.none());
    }

    /** A daemon reachable at {@code address} that pulls tables from {@code peers}. */
    public static NodeConfig daemon(Path dataDir, long cacheMax, String id, String address, List<String> peers,
                                    Duration pollInterval) {
        return new NodeConfig(dataDir, cacheMax, defaultThreads(), id, true, address, peers, pollInterval, Clock.systemUTC(),
                Trust.none());
    }

    /** This configuration, secured by {@code t}. */
    public NodeConfig withTrust(Trust t) {
        return new NodeConfig(dataDir, cacheMax, threads, id, networked, address, peers, pollInterval, clock, t);
    }

    private static int defaultThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }
}
