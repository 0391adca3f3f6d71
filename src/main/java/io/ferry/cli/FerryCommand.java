package io.ferry.cli;

import io.ferry.api.FerryApi;
import io.ferry.node.Node;
import io.ferry.node.NodeConfig;
import io.ferry.transfer.Transport;
import io.ferry.transfer.RemoteApi;
import io.ferry.catalog.DataDir;
import io.ferry.catalog.PeerAddress;
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
                    + "Delivered images are not cached; chunks no image needs, then copies a seed file also holds, "
                    + "are evicted to meet it; an import --copy that cannot fit is refused.")
    String cacheMax;

    @Option(names = "--node", scope = ScopeType.INHERIT, paramLabel = "unix:PATH|HOST:PORT",
            description = "Talk to a running node: on its Unix socket (unix:PATH; --data DIR does this by itself "
                    + "when a node runs on DIR), or on its admin listener over mutual TLS (HOST:PORT, with --tls).")
    String node;

    @Option(names = "--tls", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Certificates from 'ferry ca issue': ca.crt, node.crt, node.key. For 'ferry node', the "
                    + "node's own (peers are then spoken to over TLS 1.3 with certificates both ways); with --node "
                    + "HOST:PORT, an operator's.")
    Path tls;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS",
            description = "With a running node: give up when it sends nothing for this long (default: 30). A long "
                    + "verb is not cut short: the node sends a line every 2 s while it works.")
    Integer timeout;

    /** How long the CLI waits on a silent node. */
    java.time.Duration silence() {
        if (timeout == null) {
            return RemoteApi.SILENCE;
        }
        if (timeout < 1) {
            throw new UsageException("--timeout takes a number of seconds of at least 1, got " + timeout);
        }
        return java.time.Duration.ofSeconds(timeout);
    }

    long cacheMaxBytes() {
        return cacheMax == null ? 0 : io.ferry.util.Sizes.parse(cacheMax);
    }

    /**
     * The verbs: on the node named by --node; else on the node running on the data directory (through its
     * socket); else on the data directory itself. Progress counters are local only.
     */
    FerryApi api(LongConsumer importProgress, AtomicLong getProgress) throws IOException {
        if (node != null) {
            if (data != null || cacheMax != null) {
                throw new UsageException("--node talks to a running node: --data and --cache-max belong to "
                        + "that node's own command line");
            }
            if (node.startsWith("unix:")) {
                return RemoteApi.local(Paths.get(node.substring("unix:".length())), silence());
            }
            if (tls == null) {
                throw new UsageException("--node HOST:PORT is a node's admin listener, spoken to over mutual "
                        + "TLS: give --tls DIR with an operator's certificate (or use --node unix:PATH on the node's machine)");
            }
            PeerAddress.check(node);
            return RemoteApi.admin(Transport.operator(tls), node, silence());
        }
        Path socket = DataDir.socket(dataDir());
        if (RemoteApi.listening(socket)) {
            if (cacheMax != null) {
                throw new UsageException("a node runs on " + dataDir() + ": --cache-max belongs to its own "
                        + "command line");
            }
            return RemoteApi.local(socket, silence());
        }
        return Node.open(NodeConfig.of(dataDir(), cacheMaxBytes())).api(importProgress, getProgress, true);
    }

    FerryApi api() throws IOException {
        return api(n -> { }, new AtomicLong());
    }

    /** Whether the verbs run in another process (--node, or a node running on the data directory). */
    boolean remote() {
        return node != null || RemoteApi.listening(DataDir.socket(dataDir()));
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
