package io.ferry.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * ApiStream answers one verb as a stream of JSON lines ({@code application/x-ndjson}) so that the
 * client hears from the node at least every {@link #HEARTBEAT} while the verb runs, however long it
 * runs (a delivery of hundreds of GiB):
 *
 * <pre>
 * {"running": SECONDS}                 every heartbeat while the verb runs
 * {"result": RESULT}                   the last line when it succeeds: the verb's record, as without streaming
 * {"error": MESSAGE, "status": 422}    the last line when it fails
 * </pre>
 *
 * The verb runs on its own thread while the request's thread writes the heartbeats, so only one thread
 * ever writes the answer. A client that goes away does not stop the verb: a delivery still completes and
 * publishes its image, as it would had the client waited.
 */
final class ApiStream {
    /** Well under the CLI's default 30 s of silence, so a few lost beats on a loaded machine do not matter. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** How long a client waits on a silent node unless told otherwise: many heartbeats. */
    static final Duration SILENCE = Duration.ofSeconds(30);

    /** The verb: a result record, or an exception whose message is the error line. */
    @FunctionalInterface
    interface Verb {
        Object run() throws IOException;
    }

    private final Duration heartbeat;
    private final ObjectMapper json = new ObjectMapper();

    ApiStream(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    void run(HttpExchange ex, Verb verb) throws IOException {
        CompletableFuture<Object> done = new CompletableFuture<>();
        io.ferry.util.Threads.start("api-verb", () -> {
            try {
                done.complete(verb.run());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        long started = System.nanoTime();
        try (OutputStream out = ex.stream("application/x-ndjson")) {
            Map<String, Object> last = new LinkedHashMap<>();
            while (true) {
                try {
                    last.put("result", done.get(heartbeat.toMillis(), TimeUnit.MILLISECONDS));
                    break;
                } catch (TimeoutException e) {
                    line(out, Map.of("running", (System.nanoTime() - started) / 1_000_000_000L));
                } catch (ExecutionException e) {
                    last.put("error", String.valueOf(e.getCause().getMessage()));
                    last.put("status", 422);
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while a verb ran");
                }
            }
            line(out, last);
        }
    }

    private void line(OutputStream out, Object value) throws IOException {
        out.write(json.writeValueAsBytes(value));
        out.write('\n');
        out.flush();
    }
}
