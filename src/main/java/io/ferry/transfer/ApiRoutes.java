package io.ferry.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.api.FerryApi;
import io.ferry.api.GetRequest;
import io.ferry.api.ImportRequest;
import io.ferry.trust.Role;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ApiRoutes answers {@code POST /api/VERB}: the serving half of {@link RemoteApi}. Arguments are
 * decoded strictly ({@link ApiArguments}) before anything runs: a body that is not exactly the verb's
 * arguments answers 400 and runs nothing. Results are the {@code api} records as JSON; a verb that
 * fails answers 422 with its message. Only an
 * operator may call: whoever reaches the node's Unix socket (the node's own user), or a caller on the
 * admin listener with a certificate of the operator role. These routes are never on the peer listener.
 *
 * <p>With {@code ?stream} (as {@link RemoteApi} asks), the answer is a 200 stream of lines that keeps
 * coming while the verb runs, so a client can tell a long verb from a wedged node ({@link ApiStream}).
 */
public final class ApiRoutes implements Routes {
    private static final Pattern API = Pattern.compile("/api/([a-z]+)");

    private final FerryApi api;
    private final java.time.Duration heartbeat;
    private final ObjectMapper json = new ObjectMapper();
    private final ApiArguments.Decoder decoder = new ApiArguments.Decoder();

    public ApiRoutes(FerryApi api) {
        this(api, ApiStream.HEARTBEAT);
    }

    /** With {@code heartbeat}: how often a streamed answer says the verb still runs. */
    public ApiRoutes(FerryApi api, java.time.Duration heartbeat) {
        this.api = api;
        this.heartbeat = heartbeat;
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
        String verb = m.group(1);
        if (!ApiArguments.known(verb)) {
            throw new HttpServer.NotFound("no such verb: " + verb);
        }
        ApiArguments a = decoder.parse(verb, ex.body()); // IllegalArgumentException: 400, and nothing runs
        if (ex.query().containsKey("stream")) {
            new ApiStream(heartbeat).run(ex, () -> run(verb, a));
            return true;
        }
        Object result;
        try {
            result = run(verb, a);
        } catch (HttpServer.NotFound e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            ex.respond(422, "application/json", json.writeValueAsBytes(Map.of("error", String.valueOf(e.getMessage()))));
            return true;
        }
        ex.respond(200, "application/json", json.writeValueAsBytes(result));
        return true;
    }

    Object run(String verb, ApiArguments a) throws IOException {
        return switch (verb) {
            case "import" -> api.importImage(new ImportRequest(a.text("file"), a.text("name"), a.bool("copy"),
                    a.text("chunker"), a.integer("avg"), a.bool("sha256")));
            case "ls" -> api.images();
            case "inspect" -> api.inspect(a.text("name"), a.bool("chunks"));
            case "get" -> api.get(new GetRequest(a.text("name"), a.text("path"), a.bool("force"), a.bool("sha256")));
            case "diff" -> api.diff(a.text("a"), a.text("b"));
            case "verify" -> api.verify(a.text("name"), a.bool("sha256"));
            case "rm" -> {
                api.remove(a.text("name"));
                yield Map.of();
            }
            case "gc" -> api.gc();
            case "table" -> api.table(a.text("image"), a.bool("chunks"));
            case "peers" -> api.peers();
            case "plan" -> api.plan(a.text("name"));
            default -> throw new HttpServer.NotFound("no such verb: " + verb);
        };
    }
}
