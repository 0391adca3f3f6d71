package io.ferry.node;

import io.ferry.trust.NodeId;
import io.ferry.transfer.HttpServer;
import io.ferry.transfer.ServeOptions;
import java.io.IOException;

/**
 * NodeDaemon is {@code ferry node}: a node that serves its chunks, manifests, table and API over HTTP
 * and exchanges tables with its peers at start-up and every poll interval. {@link #close()} stops it
 * cleanly (the CLI calls it on SIGTERM and SIGINT) and releases the data directory.
 */
public final class NodeDaemon implements AutoCloseable {
    private static final int WORKERS = 8;

    private final Node node;
    private final HttpServer server;

    private NodeDaemon(Node node, HttpServer server) {
        this.node = node;
        this.server = server;
    }

    /** Starts a node listening on {@code host:port} (port 0: any free port; peers are told the bound one). */
    public static NodeDaemon start(NodeConfig config, String host, int port, ServeOptions options) throws IOException {
        return start(Node.open(config), host, port, options);
    }

    /** Starts {@code node} listening (closing it if that fails). */
    static NodeDaemon start(Node node, String host, int port, ServeOptions options) throws IOException {
        try {
            HttpServer server = node.listen(host, port, WORKERS, options);
            node.listening(host + ":" + server.port());
            return new NodeDaemon(node, server);
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    public NodeId id() {
        return node.id();
    }

    public String address() {
        return node.address();
    }

    @Override
    public void close() throws IOException {
        server.close();
        node.close();
    }
}
