package io.ferry.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ferry.catalog.TableEntry;
import io.ferry.transfer.TableSummary;
import io.ferry.trust.NodeId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Attacker speaks just enough of the wire to be a peer: its {@code /v1/gossip} and {@code /v1/table} answer whatever entries
 * a test makes up, and it records every request it gets (method, path and query), so a test can tell
 * whether a node was made to call a URL of the attacker's choosing.
 */
final class Attacker implements AutoCloseable {
    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private volatile byte[] table;
    private volatile List<TableEntry> entries = List.of();
    final List<String> requests = new CopyOnWriteArrayList<>();

    Attacker() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve(List.of());
        server.createContext("/", ex -> {
            String q = ex.getRequestURI().getRawQuery();
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + (q == null ? "" : "?" + q));
            byte[] request = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getRawPath();
            byte[] body = path.equals("/v1/table") && q == null ? table
                    : path.equals("/v1/gossip") ? LyingPeer.gossip(request, entries) : new byte[0];
            ex.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The entries its table answers with from now on. */
    void serve(List<TableEntry> entries) throws IOException {
        table = json.writeValueAsBytes(new TableSummary(NodeId.of("attacker"), address(), entries));
        this.entries = List.copyOf(entries);
    }

    /** How many times a node asked for its table (a gossip round asks twice: digest, then deltas). */
    long pulls() {
        return requests.stream().filter(r -> r.endsWith(" /v1/table") || r.endsWith(" /v1/gossip")).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
