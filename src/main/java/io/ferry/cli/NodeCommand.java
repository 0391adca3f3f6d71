package io.ferry.cli;

import io.ferry.node.NodeConfig;
import io.ferry.transfer.ServeOptions;
import io.ferry.node.NodeDaemon;
import io.ferry.trust.Trust;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.ferry.catalog.PeerAddress;
import io.ferry.plan.PeerSpec;
import io.ferry.plan.PlanConfig;
import io.ferry.plan.Strategy;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry node: run a node daemon until SIGTERM or SIGINT. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run a node: serve this node's chunks, "
        + "manifests and table to peers (TLS 1.3 with --tls), its verbs to its operator on DIR/ferry.sock, and pull "
        + "the peers' tables.")
final class NodeCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7420",
            description = "Address to serve on (default ${DEFAULT-VALUE}; port 0 picks a free port).")
    String listen;

    @Option(names = "--peer", paramLabel = "HOST:PORT[,OPT=V...]", description = "A peer to start from (repeatable; "
            + "as --join), and what to assume of it when choosing sources: bw=100mbit (as tc writes rates; measured "
            + "rates win once known), site=NAME (its certificate's site wins), priority=prefer|normal|last-resort|never.")
    List<String> peers = new ArrayList<>();

    @Option(names = "--site", paramLabel = "SITE", description = "This node's site (rack, room, region) when its "
            + "certificate names none: peers of another site are used after local ones, and their bytes counted as crossing.")
    String site;

    @Option(names = "--planner", paramLabel = "NAME", defaultValue = "optimized", description = "How sources are "
            + "chosen: optimized (default: a schedule by rate, history, priority, grouping, disk runs and site, redone "
            + "as it runs, with work stealing); rarest-first, random, round-robin, fastest (static splits, to measure against).")
    String planner;

    @Option(names = "--join", paramLabel = "HOST:PORT", description = "A member of the cluster to join through "
            + "(repeatable): this node learns the others from it.")
    List<String> join = new ArrayList<>();

    @Option(names = "--exchange", paramLabel = "MODE", defaultValue = "gossip", description = "How the table is kept "
            + "in step: gossip (default; digests with a live member at random), poll (each member's changes every "
            + "--poll-interval), central (through Redis, --redis).")
    String exchange;

    @Option(names = "--gossip-interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "How often a gossip round starts, in seconds (default ${DEFAULT-VALUE}).")
    double gossipSeconds;

    @Option(names = "--redis", paramLabel = "URI", description = "redis://HOST:PORT or rediss://HOST:PORT, for "
            + "--exchange central.")
    String redis;

    @Option(names = "--id", paramLabel = "NAME", description = "This node's id, fixed the first time a data "
            + "directory is used (default: made up once).")
    String id;

    @Option(names = "--poll-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "How often --exchange poll pulls each member's changes, in seconds (default ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Option(names = "--compression-level", paramLabel = "N|MIN-MAX", defaultValue = "3-9",
            description = "zstd level for chunks sent to peers, 1-19: a fixed level, or a range within which "
                    + "each peer's level follows the link: up while the link is the bottleneck, down while "
                    + "compression is (default ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--upload-limit", paramLabel = "RATE", description = "Most bytes per second to send to all "
            + "peers together, e.g. 50M (default: no limit).")
    String uploadLimit;

    @Option(names = "--admin-listen", paramLabel = "HOST:PORT", description = "Also serve the verbs remotely, over "
            + "mutual TLS to operators' certificates only (needs --tls). Default: only on DIR/ferry.sock.")
    String adminListen;

    @Option(names = "--deny", paramLabel = "FILE", description = "Node ids or certificate fingerprints (one per line) "
            + "refused at the handshake and in the table; re-read when it changes (needs --tls).")
    java.nio.file.Path deny;

    @Option(names = "--policy", paramLabel = "FILE", description = "Who may read which images and publish which names "
            + "(docs/security.md); re-read when it changes (needs --tls). Default: every cluster node may do both.")
    java.nio.file.Path policy;

    @Option(names = "--insecure", description = "Allow plaintext on an address other than loopback: anyone on the "
            + "network can then read every image and speak for any node.")
    boolean insecure;

    @Override
    public Integer call() throws Exception {
        if (ferry.node != null) {
            throw new IllegalArgumentException("ferry node runs a node; --node is for talking to one");
        }
        HostPort at;
        HostPort adminAt;
        Trust trust;
        String nodeId;
        io.ferry.exchange.ExchangeConfig exchangeConfig;
        PlanConfig planning;
        try {
            List<PeerSpec> specs = peers.stream().map(PeerSpec::parse).map(p -> new PeerSpec(PeerAddress.check(p.address()),
                    p.bitsPerSecond(), p.site(), p.priority())).toList();
            planning = new PlanConfig(Strategy.parse(planner), specs, site == null ? null : io.ferry.trust.Site.check(site));
            exchangeConfig = ExchangeOptions.config(exchange, specs.stream().map(PeerSpec::address).toList(), join,
                    pollSeconds, gossipSeconds, redis);
            at = HostPort.parse(listen);
            adminAt = adminListen == null ? null : HostPort.parse(adminListen);
            trust = NodeTrust.of(ferry.tls, deny, policy, adminAt != null);
            NodeTrust.checkPlaintext(trust, at.host(), insecure, spec.commandLine().getErr());
            nodeId = NodeTrust.id(trust, id);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage()); // a usage error: exit 2
        }
        int[] levels = ServeOptions.parseLevels(level);
        ServeOptions serve = new ServeOptions(levels[0], levels[1], uploadLimit == null ? 0 : io.ferry.util.Sizes.parse(uploadLimit));
        NodeConfig config = NodeConfig.daemon(ferry.dataDir(), ferry.cacheMaxBytes(), nodeId, listen,
                exchangeConfig).withTrust(trust).withPlanning(planning);
        CountDownLatch stop = new CountDownLatch(1);
        NodeDaemon daemon = NodeDaemon.start(config, new NodeDaemon.Listen(at.host(), at.port(),
                adminAt == null ? null : adminAt.host(), adminAt == null ? 0 : adminAt.port()), serve);
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
        spec.commandLine().getOut().printf("ferry node %s listening on %s (%s; data %s; operator socket %s%s)%n",
                daemon.id(), daemon.address(), trust.tls() ? "TLS 1.3" : "plaintext", ferry.dataDir().toAbsolutePath(),
                daemon.socket(), daemon.admin() == null ? "" : "; admin " + daemon.admin());
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
