package io.ferry.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** ApiLines reads a streamed answer ({@link ApiStream}) on the client's side: heartbeats, then the last line. */
final class ApiLines {
    private ApiLines() {
    }

    /** The verb failed on the node: its message is the verb's one line. */
    static final class VerbFailed extends IOException {
        VerbFailed(String message) {
            super(message);
        }
    }

    /** The result of the answer in {@code in}: its {@code result}; a {@link VerbFailed} for its {@code error}. */
    static JsonNode last(InputStream in, ObjectMapper json, String where) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            if (n.has("result")) {
                return n.get("result");
            }
            if (n.has("error")) {
                throw new VerbFailed(n.get("error").asText());
            }
            // a heartbeat: the node is alive and the verb still runs
        }
        throw new IOException(where + " ended its answer before the verb's result");
    }
}
