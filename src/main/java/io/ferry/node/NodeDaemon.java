package io.ferry.node;

import io.ferry.transfer.HttpServer;
import io.ferry.transfer.ServeOptions;
import io.ferry.trust.NodeId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * NodeDaemon is {@code ferry node}: a node that serves its chunks, manifests and table to peers, its
 * verbs to its operator on the data directory's Unix socket (and, when asked, on an admin listener over
 * mutual TLS), and exchanges tables with its peers at start-up and every poll interval. {@link #close()}
 * stops it cleanly (the CLI calls it on SIGTERM and SIGINT) and releases the data directory.
 */
public final class NodeDaemon implements AutoCloseable {
    private static final int WORKERS = 16;

    private final Node node;
    private final List<HttpServer> servers;
    private final Path socket;
    private final String admin;

    private NodeDaemon(Node node, List<HttpServer> servers, Path socket, String admin) {
        this.node = node;
        this.servers = servers;
        this.socket = socket;
        this.admin = admin;
    }

    /** Where the node listens: peers at {@code host:port}; the operator remotely at {@code adminHost:adminPort} if given. */
    public record Listen(String host, int port, String adminHost, int adminPort) {
        public Listen(String host, int port) {
            this(host, port, null, 0);
        }
    }

    /** Starts a node (port 0: any free port; peers are told the bound one). */
    public static NodeDaemon start(NodeConfig config, Listen at, ServeOptions options) throws IOException {
        return start(Node.open(config), at, options);
    }

    /** Starts {@code node} listening (closing it if that fails). */
    static NodeDaemon start(Node node, Listen at, ServeOptions options) throws IOException {
        List<HttpServer> servers = new ArrayList<>();
        try {
            HttpServer peers = node.listen(at.host(), at.port(), WORKERS, options);
            servers.add(peers);
            servers.add(node.listenLocal());
            String admin = null;
            if (at.adminHost() != null) {
                HttpServer a = node.listenAdmin(at.adminHost(), at.adminPort());
                servers.add(a);
                admin = at.adminHost() + ":" + a.port();
            }
            node.listening(at.host() + ":" + peers.port());
            return new NodeDaemon(node, servers, node.socket(), admin);
        } catch (IOException | RuntimeException e) {
            servers.forEach(HttpServer::close);
            node.close();
            throw e;
        }
    }

    /** Starts {@code node} listening for peers on {@code host:port}, with no admin listener (tests). */
    static NodeDaemon start(Node node, String host, int port, ServeOptions options) throws IOException {
        return start(node, new Listen(host, port), options);
    }

    /** Starts a node listening for peers on {@code host:port}, with no admin listener. */
    public static NodeDaemon start(NodeConfig config, String host, int port, ServeOptions options) throws IOException {
        return start(config, new Listen(host, port), options);
    }

    public NodeId id() {
        return node.id();
    }

    public String address() {
        return node.address();
    }

    /** The operator's Unix socket. */
    public Path socket() {
        return socket;
    }

    /** The admin listener's address, or null. */
    public String admin() {
        return admin;
    }

    @Override
    public void close() throws IOException {
        servers.forEach(HttpServer::close);
        node.close();
    }
}
