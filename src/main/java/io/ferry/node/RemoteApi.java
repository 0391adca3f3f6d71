package io.ferry.node;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RemoteApi runs the verbs on a running node ({@code ferry --node HOST:PORT ...}): each is one POST to
 * {@code /api/VERB} with its arguments as JSON; the node answers with the result, or with an error
 * status and {@code {"error": "..."}}, which becomes this side's exception message.
 */
public final class RemoteApi implements FerryApi {
    private final String address;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RemoteApi(String address) {
        this.address = address;
    }

    private <T> T call(String verb, Map<String, Object> args, JavaType type) throws IOException {
        // one call per CLI run: HttpURLConnection starts in a fraction of the JDK HttpClient's time
        // (which sets up TLS even for plain HTTP)
        int status;
        byte[] body;
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + address + "/api/" + verb).toURL()
                    .openConnection();
            c.setConnectTimeout(5000);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                json.writeValue(out, args);
            }
            status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                body = in == null ? new byte[0] : in.readAllBytes();
            }
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

    private <T> T call(String verb, Map<String, Object> args, Class<T> type) throws IOException {
        return call(verb, args, json.getTypeFactory().constructType(type));
    }

    private <T> T call(String verb, Map<String, Object> args, TypeReference<T> type) throws IOException {
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
        return call("import", json.convertValue(request, new TypeReference<Map<String, Object>>() { }), ImportResult.class);
    }

    @Override
    public List<ImageView> images() throws IOException {
        return call("ls", args(), new TypeReference<List<ImageView>>() { });
    }

    @Override
    public Map<String, Object> inspect(String name, boolean chunks) throws IOException {
        return call("inspect", args("name", name, "chunks", chunks), new TypeReference<Map<String, Object>>() { });
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
    public Map<String, Object> table(String image) throws IOException {
        return call("table", args("image", image), new TypeReference<Map<String, Object>>() { });
    }

    @Override
    public List<Map<String, Object>> peers() throws IOException {
        return call("peers", args(), new TypeReference<List<Map<String, Object>>>() { });
    }

    @Override
    public void close() {
    }
}
