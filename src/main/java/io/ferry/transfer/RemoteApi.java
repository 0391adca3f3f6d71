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
    /** A verb may run long (a delivery of hundreds of GiB): the node answers when it is done. */
    private static final java.time.Duration CALL = java.time.Duration.ofDays(1);

    private final Transport transport;
    private final String address;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RemoteApi(Transport transport, String address) {
        this.transport = transport;
        this.address = address;
    }

    private <T> T call(String verb, Object args, JavaType type) throws IOException {
        int status;
        byte[] body;
        try (Transport.Response r = transport.post(address, "/api/" + verb, "application/json",
                json.writeValueAsBytes(args), CALL)) {
            status = r.status();
            body = r.bytes(Integer.MAX_VALUE - 8);
        } catch (IOException e) {
            throw new IOException("cannot reach the node at " + address + ": " + e.getMessage(), e);
        }
        if (status != 200) {
            String message;
            try {
                message = json.readTree(body).path("error").asText(null);
            } catch (IOException e) {
                message = null;
            }
            throw new IOException(message == null ? "the node at " + address + " answered " + status : message);
        }
        return json.readValue(body, type);
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
