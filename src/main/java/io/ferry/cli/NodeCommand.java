package io.ferry.cli;

import io.ferry.node.NodeConfig;
import io.ferry.transfer.ServeOptions;
import io.ferry.node.NodeDaemon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry node: run a node daemon until SIGTERM or SIGINT. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run a node: serve this node's chunks, "
        + "manifests and table to peers and its API to the CLI (--node), and pull the peers' tables.")
final class NodeCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7420",
            description = "Address to serve on (default ${DEFAULT-VALUE}; port 0 picks a free port).")
    String listen;

    @Option(names = "--peer", paramLabel = "HOST:PORT", description = "A peer to pull the table from (repeatable).")
    List<String> peers = new ArrayList<>();

    @Option(names = "--id", paramLabel = "NAME", description = "This node's id, fixed the first time a data "
            + "directory is used (default: made up once).")
    String id;

    @Option(names = "--poll-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "How often to pull the peers' tables, in seconds (default ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Option(names = "--compression-level", paramLabel = "N|MIN-MAX", defaultValue = "3-9",
            description = "zstd level for chunks sent to peers, 1-19: a fixed level, or a range within which "
                    + "each peer's level follows the link: up while the link is the bottleneck, down while "
                    + "compression is (default ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--upload-limit", paramLabel = "RATE", description = "Most bytes per second to send to all "
            + "peers together, e.g. 50M (default: no limit).")
    String uploadLimit;

    @Override
    public Integer call() throws Exception {
        if (ferry.remote()) {
            throw new IllegalArgumentException("ferry node runs a node; --node is for talking to one");
        }
        HostPort at = HostPort.parse(listen);
        for (String p : peers) {
            HostPort.parse(p);
        }
        int[] levels = ServeOptions.parseLevels(level);
        ServeOptions serve = new ServeOptions(levels[0], levels[1], uploadLimit == null ? 0 : io.ferry.util.Sizes.parse(uploadLimit));
        if (!(pollSeconds > 0)) {
            throw new IllegalArgumentException("--poll-interval must be positive, got " + pollSeconds);
        }
        NodeConfig config = NodeConfig.daemon(ferry.dataDir(), ferry.cacheMaxBytes(), id, listen, peers,
                Duration.ofMillis((long) (pollSeconds * 1000)));
        CountDownLatch stop = new CountDownLatch(1);
        NodeDaemon daemon = NodeDaemon.start(config, at.host(), at.port(), serve);
        Thread hook = new Thread(() -> {
            try {
                daemon.close();
            } catch (Exception e) {
                System.err.println("ferry: while stopping: " + e.getMessage());
            } finally {
                stop.countDown();
            }
        }, "ferry-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getOut().printf("ferry node %s listening on %s (data %s)%n", daemon.id(), daemon.address(),
                ferry.dataDir().toAbsolutePath());
        spec.commandLine().getOut().flush();
        stop.await();
        return 0;
    }

    /** A HOST:PORT pair. */
    record HostPort(String host, int port) {
        static HostPort parse(String s) {
            int colon = s.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException();
                }
                int port = Integer.parseInt(s.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(s.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a HOST:PORT address: '" + s + "'");
            }
        }
    }
}
