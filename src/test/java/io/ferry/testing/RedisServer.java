package io.ferry.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * RedisServer is a real {@code redis-server} for a test: on a free port, in a temporary directory,
 * nothing saved; {@link #restart()} starts it again, empty, on the same port; {@link #cluster} forms a
 * Redis Cluster of three masters on loopback. Everything it starts is stopped and deleted on close.
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final boolean clustered;
    private final int busPort;
    private Process process;

    private RedisServer(Path dir, int port, boolean clustered) throws IOException {
        this.dir = dir;
        this.port = port;
        this.clustered = clustered;
        this.busPort = clustered ? freePort() : 0;
        start();
    }

    /** One server. */
    public static RedisServer start(Path parent) throws IOException {
        return new RedisServer(Files.createTempDirectory(parent, "redis"), freePort(), false);
    }

    /** Three masters forming one Redis Cluster, every slot assigned, its state ok. */
    public static List<RedisServer> cluster(Path parent) throws IOException, InterruptedException {
        List<RedisServer> out = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                out.add(new RedisServer(Files.createTempDirectory(parent, "redis-cluster"), freePort(), true));
            }
            List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            out.forEach(r -> cmd.add("127.0.0.1:" + r.port));
            cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("redis-cli --cluster create failed: " + text);
            }
            awaitClusterOk(out);
            return out;
        } catch (IOException | RuntimeException e) {
            for (RedisServer r : out) {
                r.close();
            }
            throw e;
        }
    }

    /** Waits until every one of {@code masters} says the cluster is ok (all slots served, the masters agree). */
    public static void awaitClusterOk(List<RedisServer> masters) {
        for (RedisServer r : masters) {
            Awaitility.await("cluster state ok on " + r.port).atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(50)).until(() -> r.cli("cluster", "info").contains("cluster_state:ok"));
        }
    }

    /**
     * Restarts every master of a cluster, as {@link #restart()} does one server: each comes back empty but
     * with its slots (its nodes.conf is kept); returns once the cluster is ok again.
     */
    public static void restartCluster(List<RedisServer> masters) throws IOException, InterruptedException {
        for (RedisServer r : masters) {
            r.restart();
        }
        awaitClusterOk(masters);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--protected-mode", "no"));
        if (clustered) {
            // the bus defaults to port + 10,000, over 65,535 for a quarter of the ephemeral ports (redis-server
            // then refuses to start) and never checked for being free: a port of its own, kept across restarts
            cmd.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                    "--cluster-port", Integer.toString(busPort)));
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Awaitility.await("redis on " + port).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> cli("ping").contains("PONG"));
    }

    /** What {@code redis-cli} prints for {@code args} against this server. */
    public String cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        if (clustered) {
            cmd.add("-c"); // follow MOVED to the master of the key's slot
        }
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops it (SIGKILL: whatever it held is gone) and starts it again, empty, on the same port. */
    public void restart() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        start();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
