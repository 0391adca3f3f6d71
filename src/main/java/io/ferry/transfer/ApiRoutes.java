package io.ferry.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.api.FerryApi;
import io.ferry.api.ImportRequest;
import io.ferry.trust.Role;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ApiRoutes answers {@code POST /api/VERB}: the serving half of {@link RemoteApi}. Arguments and
 * results are the {@code api} records as JSON; a verb that fails answers 422 with its message. Only an
 * operator may call: whoever reaches the node's Unix socket (the node's own user), or a caller on the
 * admin listener with a certificate of the operator role. These routes are never on the peer listener.
 */
public final class ApiRoutes implements Routes {
    private static final Pattern API = Pattern.compile("/api/([a-z]+)");

    private final FerryApi api;
    private final ObjectMapper json = new ObjectMapper();

    public ApiRoutes(FerryApi api) {
        this.api = api;
    }

    @Override
    public boolean serve(HttpExchange ex) throws IOException {
        Matcher m = API.matcher(ex.path());
        if (!ex.method().equals("POST") || !m.matches()) {
            return false;
        }
        if (ex.caller().role() != Role.OPERATOR || !ex.caller().verified()) {
            throw new HttpServer.Forbidden("the node's API is for its operator: " + ex.caller().describe()
                    + " has no operator certificate");
        }
        JsonNode a;
        try {
            a = ex.body().length == 0 ? json.createObjectNode() : json.readTree(ex.body());
        } catch (IOException e) {
            throw new IllegalArgumentException("the request is not JSON: " + e.getMessage());
        }
        Object result;
        try {
            result = run(m.group(1), a);
        } catch (HttpServer.NotFound e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            ex.respond(422, "application/json", json.writeValueAsBytes(Map.of("error", String.valueOf(e.getMessage()))));
            return true;
        }
        ex.respond(200, "application/json", json.writeValueAsBytes(result));
        return true;
    }

    private Object run(String verb, JsonNode a) throws IOException {
        return switch (verb) {
            case "import" -> api.importImage(json.treeToValue(a, ImportRequest.class));
            case "ls" -> api.images();
            case "inspect" -> api.inspect(text(a, "name"), a.path("chunks").asBoolean(false));
            case "get" -> api.get(text(a, "name"), text(a, "path"));
            case "diff" -> api.diff(text(a, "a"), text(a, "b"));
            case "verify" -> api.verify(optional(a, "name"));
            case "rm" -> {
                api.remove(text(a, "name"));
                yield Map.of();
            }
            case "gc" -> api.gc();
            case "table" -> api.table(optional(a, "image"));
            case "peers" -> api.peers();
            default -> throw new HttpServer.NotFound("no such verb: " + verb);
        };
    }

    private static String optional(JsonNode a, String field) {
        return a.path(field).isTextual() ? a.get(field).asText() : null;
    }

    private static String text(JsonNode a, String field) {
        String v = optional(a, field);
        if (v == null) {
            throw new IllegalArgumentException("missing argument '" + field + "'");
        }
        return v;
    }
}
