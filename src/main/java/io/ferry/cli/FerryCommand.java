package io.ferry.cli;

import io.ferry.chunk.ChunkerParams;
import io.ferry.node.FerryApi;
import io.ferry.node.Node;
import io.ferry.node.NodeApi;
import io.ferry.node.NodeConfig;
import io.ferry.node.RemoteApi;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** FerryCommand is the top of the {@code ferry} command tree and holds the options every verb shares. */
@Command(name = "ferry", mixinStandardHelpOptions = true, version = "ferry 0.1.0",
        description = "Delivers VM images moving as few bytes as possible.",
        subcommands = {ImportCommand.class, LsCommand.class, InspectCommand.class, GetCommand.class,
                DiffCommand.class, VerifyCommand.class, RmCommand.class, GcCommand.class, TableCommand.class,
                PeersCommand.class, NodeCommand.class, DemoCommand.class})
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

    /** Opens the node this invocation works on. */
    Node openNode() throws IOException {
        return Node.open(NodeConfig.of(dataDir(), cacheMaxBytes()));
    }

    long cacheMaxBytes() {
        return cacheMax == null ? 0 : ChunkerParams.parseSize(cacheMax);
    }

    /** The verbs, run on the node at --node or on the data directory; progress counters are local only. */
    FerryApi api(LongConsumer importProgress, AtomicLong getProgress) throws IOException {
        if (node != null) {
            if (data != null || cacheMax != null) {
                throw new IllegalArgumentException("--node talks to a running node: --data and --cache-max belong to "
                        + "that node's own command line");
            }
            return new RemoteApi(node);
        }
        return new NodeApi(openNode(), true, importProgress, getProgress);
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

    /** The configured command line, with Ferry's one-line error reporting. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FerryCommand());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("ferry: " + Errors.describe(e));
            if (System.getenv("FERRY_DEBUG") != null) {
                e.printStackTrace(line.getErr());
            }
            return EXIT_FAILURE;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine sub = e.getCommandLine();
            PrintWriter err = sub.getErr();
            err.println("ferry: " + e.getMessage() + " (see '" + sub.getCommandSpec().qualifiedName() + " --help')");
            return EXIT_USAGE;
        });
        return cl;
    }
}
