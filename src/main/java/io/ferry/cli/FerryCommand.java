package io.ferry.cli;

import io.ferry.api.FerryApi;
import io.ferry.node.Node;
import io.ferry.node.NodeConfig;
import io.ferry.transfer.RemoteApi;
import io.ferry.transfer.Transport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * FerryCommand is the top of the {@code ferry} command tree and holds the options every verb shares.
 * Its verbs are attached by {@link Main}, so that they may refer to it without a cycle.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, version = "ferry 0.1.0",
        description = "Delivers VM images moving as few bytes as possible.")
public final class FerryCommand {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    @Option(names = "--data", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "The node's data directory (default: $FERRY_HOME, else ~/.ferry).")
    Path data;

    @Option(names = "--cache-max", scope = ScopeType.INHERIT, paramLabel = "SIZE",
            description = "Bound on the chunk cache's size on disk, e.g. 20G (default: unbounded). "
                    + "Least recently used chunks that no image here needs are evicted to meet it.")
    String cacheMax;

    @Option(names = "--node", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
            description = "Talk to the node daemon at HOST:PORT instead of working on a data directory.")
    String node;

    long cacheMaxBytes() {
        return cacheMax == null ? 0 : io.ferry.util.Sizes.parse(cacheMax);
    }

    /** The verbs, run on the node at --node or on the data directory; progress counters are local only. */
    FerryApi api(LongConsumer importProgress, AtomicLong getProgress) throws IOException {
        if (node != null) {
            if (data != null || cacheMax != null) {
                throw new IllegalArgumentException("--node talks to a running node: --data and --cache-max belong to "
                        + "that node's own command line");
            }
            return new RemoteApi(new Transport(), node);
        }
        return Node.open(NodeConfig.of(dataDir(), cacheMaxBytes())).api(importProgress, getProgress, true);
    }

    FerryApi api() throws IOException {
        return api(n -> { }, new AtomicLong());
    }

    boolean remote() {
        return node != null;
    }

    Path dataDir() {
        if (data != null) {
            return data;
        }
        String home = System.getenv("FERRY_HOME");
        if (home != null && !home.isBlank()) {
            return Paths.get(home);
        }
        return Paths.get(System.getProperty("user.home"), ".ferry");
    }
}
