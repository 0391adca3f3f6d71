package io.ferry.testing;

import io.ferry.api.FerryApi;
import io.ferry.node.NodeConfig;
import io.ferry.node.NodeDaemon;
import io.ferry.transfer.RemoteApi;
import io.ferry.transfer.ServeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/**
 * Cluster runs several nodes inside the test's JVM, each with its own data directory and listener on
 * loopback, and talks to each through the remote API, as the CLI does over the node's socket. Far
 * cheaper than a process per node and per command; tests that need a real process (kill -9, a second
 * process on a data directory) use {@link NodeProcess}.
 */
public final class Cluster implements AutoCloseable {
    private final Path dir;
    private final Starter starter;
    private final List<Member> members = new ArrayList<>();

    /** How a node of the cluster is started: {@link NodeDaemon#start} unless a test gives its own (keys, policy). */
    @FunctionalInterface
    public interface Starter {
        NodeDaemon start(NodeConfig config, String host, int port, ServeOptions serve) throws IOException;
    }

    /** One node of the cluster and the API to it. */
    public record Member(String id, NodeDaemon daemon, FerryApi api) {
        public String address() {
            return daemon.address();
        }
    }

    public Cluster(Path dir) {
        this(dir, NodeDaemon::start);
    }

    public Cluster(Path dir, Starter starter) {
        this.dir = dir;
        this.starter = starter;
    }

    /** Starts node {@code id} exchanging tables with {@code peers} every 200 ms. */
    public Member start(String id, List<String> peers) throws IOException {
        return start(id, peers, ServeOptions.defaults());
    }

    public Member start(String id, List<String> peers, ServeOptions serve) throws IOException {
        NodeConfig config = NodeConfig.daemon(dir.resolve(id), 0, id, null,
                io.ferry.exchange.ExchangeConfig.gossip(peers, Duration.ofMillis(200)));
        NodeDaemon d = starter.start(config, "127.0.0.1", 0, serve);
        Member m = new Member(id, d, RemoteApi.local(d.socket()));
        members.add(m);
        return m;
    }

    /** Stops one node (its listener closes; requests in flight break off). */
    public void stop(Member m) throws IOException {
        members.remove(m);
        m.daemon().close();
    }

    /** Waits until {@code condition} holds, failing after a minute (however slow the machine, a minute is ample). */
    public static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(condition);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Member m : members) {
            try {
                m.daemon().close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        members.clear();
        if (first != null) {
            throw first;
        }
    }
}
