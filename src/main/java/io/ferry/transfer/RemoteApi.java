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
import io.ferry.api.ImportRequest;
import io.ferry.api.ImportResult;
import io.ferry.api.InspectView;
import io.ferry.api.PeerView;
import io.ferry.api.TableView;
import io.ferry.api.VerifyReport;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RemoteApi runs the verbs on a running node ({@code ferry --node HOST:PORT ...}) through the same
 * {@link Transport} peers use: each verb is one POST to {@code /api/VERB} with its arguments as JSON
 * (see {@link ApiRoutes}); the answer is the verb's result record, or an error status with
 * {@code {"error": "..."}}, which becomes this side's exception message.
 */
public final class RemoteApi implements FerryApi {
    private final Transport transport;
    private final String address;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RemoteApi(Transport transport, String address) {
        this.transport = transport;
        this.address = address;
    }

    private <T> T call(String verb, Object args, JavaType type) throws IOException {
        HttpRequest req = transport.request(address, "/api/" + verb).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(args))).build();
        HttpResponse<byte[]> r;
        try {
            r = transport.send(address, req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (PeerException e) {
            throw new IOException("cannot reach the node at " + address + ": " + e.getMessage(), e);
        }
        if (r.statusCode() != 200) {
            String message;
            try {
                message = json.readTree(r.body()).path("error").asText(null);
            } catch (IOException e) {
                message = null;
            }
            throw new IOException(message == null ? "the node at " + address + " answered " + r.statusCode() : message);
        }
        return json.readValue(r.body(), type);
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
    public DeliveryResult get(String name, String path) throws IOException {
        return call("get", args("name", name, "path", path), DeliveryResult.class);
    }

    @Override
    public DiffResult diff(String a, String b) throws IOException {
        return call("diff", args("a", a, "b", b), DiffResult.class);
    }

    @Override
    public List<VerifyReport> verify(String name) throws IOException {
        return call("verify", args("name", name), new TypeReference<List<VerifyReport>>() { });
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
    public TableView table(String image) throws IOException {
        return call("table", args("image", image), TableView.class);
    }

    @Override
    public List<PeerView> peers() throws IOException {
        return call("peers", args(), new TypeReference<List<PeerView>>() { });
    }

    @Override
    public void close() {
    }
}
