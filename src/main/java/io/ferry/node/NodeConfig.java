package io.ferry.node;

import java.nio.file.Path;

/**
 * NodeConfig is everything a node is built from.
 *
 * @param dataDir  the node's data directory
 * @param cacheMax the cache's size bound in bytes on disk (compressed); 0 means unbounded. Only
 *                 chunks no image here needs are evicted to meet it, least recently used first.
 * @param threads  worker threads for chunking, hashing and assembly
 */
public record NodeConfig(Path dataDir, long cacheMax, int threads) {
    public NodeConfig {
        if (cacheMax < 0) {
            throw new IllegalArgumentException("--cache-max must not be negative");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    public static NodeConfig of(Path dataDir, long cacheMax) {
        return new NodeConfig(dataDir, cacheMax, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }
}
