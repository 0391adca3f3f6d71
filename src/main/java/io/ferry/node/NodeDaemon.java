package io.ferry.node;

import io.ferry.transfer.HttpServer;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodeDaemon is {@code ferry node}: a node that serves its chunks, manifests, table and API over
 * HTTP, and pulls its peers' tables at start-up and every poll interval. {@link #close()} stops it
 * cleanly (the CLI calls it on SIGTERM and SIGINT) and releases the data directory.
 */
public final class NodeDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeDaemon.class);

    private final Node node;
    private final HttpServer server;
    private final ScheduledExecutorService timer;

    private NodeDaemon(Node node, HttpServer server, ScheduledExecutorService timer) {
        this.node = node;
        this.server = server;
        this.timer = timer;
    }

    /**
     * Starts a node listening on {@code host:port} (port 0: any free port; the bound one is what peers
     * are told).
     */
    public static NodeDaemon start(NodeConfig config, String host, int port, ServeOptions options) throws IOException {
        Node node = Node.open(config);
        HttpServer server;
        try {
            server = HttpServer.start(host, port, 8, new NodeRoutes(node, options));
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        String address = host + ":" + server.port();
        node.state().address(address);
        node.advertise(address);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-poll-timer");
            t.setDaemon(true);
            return t;
        });
        long every = config.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                node.poller().refresh();
            } catch (RuntimeException e) {
                log.warn("table poll failed: {}", e.toString());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
        return new NodeDaemon(node, server, timer);
    }

    public String id() {
        return node.id();
    }

    public String address() {
        return node.state().address();
    }

    @Override
    public void close() throws IOException {
        timer.shutdownNow();
        server.close();
        node.close();
    }
}
