package io.ferry.cli;

import io.ferry.chunk.ChunkerParams;
import io.ferry.node.Node;
import io.ferry.node.NodeConfig;
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
                DiffCommand.class, VerifyCommand.class, RmCommand.class, GcCommand.class, DemoCommand.class})
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

    /** Opens the node this invocation works on. */
    Node openNode() throws IOException {
        long max = cacheMax == null ? 0 : ChunkerParams.parseSize(cacheMax);
        return Node.open(NodeConfig.of(dataDir(), max));
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
