package io.ferry.transfer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.api.DeliveryResult;
import io.ferry.api.DiffResult;
import io.ferry.api.FerryApi;
import io.ferry.api.GcResult;
import io.ferry.api.ImageView;
import io.ferry.api.GetRequest;
import io.ferry.api.ImportRequest;
import io.ferry.api.ImportResult;
import io.ferry.api.InspectView;
import io.ferry.api.PeerView;
import io.ferry.api.TableView;
import io.ferry.api.PlanView;
import io.ferry.api.VerifyReport;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RemoteApi runs the verbs on a running node: over its Unix socket ({@code ferry --data DIR} while a
 * node runs there, or {@code --node unix:PATH}), or over mutual TLS on its admin listener
 * ({@code --node HOST:PORT --tls DIR}, with an operator's certificate). Each verb is one POST to
 * {@code /api/VERB} with its arguments as JSON (see {@link ApiRoutes}); the answer is the verb's result
 * record, or an error status with {@code {"error": "..."}}, which becomes this side's exception message.
 * The answer is asked for as a stream ({@link ApiStream}): the node sends a line every few seconds while
 * the verb runs, so a node that sends nothing for {@code silence} (30 s unless told) is given up on with
 * a {@link NodeSilentException}, however long a verb legitimately runs.
 */
public final class RemoteApi implements FerryApi {
    /**
     * How long the CLI waits for the node to send anything. A verb may run for hours (a delivery of
     * hundreds of GiB), but the node sends a line every {@link ApiStream#HEARTBEAT} while it runs, so
     * this bounds only silence: a wedged node.
     */
    public static final Duration SILENCE = ApiStream.SILENCE;

    /** One call: POST a JSON body to a path of the node's API. */
    @FunctionalInterface
    private interface Caller {
        Transport.Response post(String path, byte[] body) throws IOException;
    }

    private final Caller caller;
    private final String where;
    private final Duration silence;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private RemoteApi(Caller caller, String where, Duration silence) {
        this.caller = caller;
        this.where = where;
        this.silence = silence;
    }

    /** The node listening on the Unix socket {@code socket} on this machine. */
    public static RemoteApi local(java.nio.file.Path socket) {
        return local(socket, SILENCE);
    }

    /** As {@link #local(java.nio.file.Path)}, giving up when the node sends nothing for {@code silence}. */
    public static RemoteApi local(java.nio.file.Path socket, Duration silence) {
        return new RemoteApi((path, body) -> UnixClient.post(socket, path, body, silence), "the node at " + socket,
                silence);
    }

    /** Whether a node answers on the Unix socket {@code socket} (a socket file left by a node that died does not). */
    public static boolean listening(java.nio.file.Path socket) {
        return UnixClient.answers(socket);
    }

    /** The node whose admin listener is at {@code address}; {@code transport} must carry an operator's certificate. */
    public static RemoteApi admin(Transport transport, String address) {
        return admin(transport, address, SILENCE);
    }

    /** As {@link #admin(Transport, String)}, giving up when the node sends nothing for {@code silence}. */
    public static RemoteApi admin(Transport transport, String address, Duration silence) {
        // the transport's read timeout bounds the time between two reads: silence, as on the socket
        return new RemoteApi((path, body) -> transport.post(address, path, "application/json", body, silence),
                "the node at " + address, silence);
    }

    private <T> T call(String verb, Object args, JavaType type) throws IOException {
        int status;
        byte[] body;
        try (Transport.Response r = caller.post("/api/" + verb + "?stream", json.writeValueAsBytes(args))) {
            status = r.status();
            if (status == 200) {
                return json.readValue(json.treeAsTokens(ApiLines.last(r.body(), json, where)), type);
            }
            body = r.bytes(Integer.MAX_VALUE - 8);
        } catch (IOException e) {
            if (silent(e)) {
                throw new NodeSilentException(where + " sent nothing for " + silence.toSeconds() + " s: it may be "
                        + "wedged (see its log); --timeout SECONDS waits longer");
            }
            if (e instanceof ApiLines.VerbFailed) {
                throw new IOException(e.getMessage(), e.getCause()); // the verb's own one line
            }
            throw new IOException("cannot reach " + where + ": " + e.getMessage(), e);
        }
        if (status != 200) {
            String message;
            try {
                message = json.readTree(body).path("error").asText(null);
            } catch (IOException e) {
                message = null;
            }
            if (message == null && status < 500 && body.length > 0 && body.length < 2000) {
                message = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
            }
            throw new IOException(message == null ? where + " answered " + status : message);
        }
        return json.readValue(body, type);
    }

    private static boolean silent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private <T> T call(String verb, Object args, Class<T> type) throws IOException {
        return call(verb, args, json.getTypeFactory().constructType(type));
    }

    private <T> T call(String verb, Object args, TypeReference<T> type) throws IOException {
        return call(verb, args, json.getTypeFactory().constructType(type));
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Override
    public ImportResult importImage(ImportRequest request) throws IOException {
        return call("import", request, ImportResult.class);
    }

    @Override
    public List<ImageView> images() throws IOException {
        return call("ls", args(), new TypeReference<List<ImageView>>() { });
    }

    @Override
    public InspectView inspect(String name, boolean chunks) throws IOException {
        return call("inspect", args("name", name, "chunks", chunks), InspectView.class);
    }

    @Override
    public DeliveryResult get(GetRequest request) throws IOException {
        return call("get", request, DeliveryResult.class);
    }

    @Override
    public DiffResult diff(String a, String b) throws IOException {
        return call("diff", args("a", a, "b", b), DiffResult.class);
    }

    @Override
    public List<VerifyReport> verify(String name, boolean sha256) throws IOException {
        return call("verify", args("name", name, "sha256", sha256), new TypeReference<List<VerifyReport>>() { });
    }

    @Override
    public void remove(String name) throws IOException {
        call("rm", args("name", name), Map.class);
    }

    @Override
    public GcResult gc() throws IOException {
        return call("gc", args(), GcResult.class);
    }

    @Override
    public TableView table(String image, boolean chunks) throws IOException {
        return call("table", args("image", image, "chunks", chunks), TableView.class);
    }

    @Override
    public PlanView plan(String name) throws IOException {
        return call("plan", args("name", name), PlanView.class);
    }

    @Override
    public List<PeerView> peers() throws IOException {
        return call("peers", args(), new TypeReference<List<PeerView>>() { });
    }

    @Override
    public void close() {
    }
}
