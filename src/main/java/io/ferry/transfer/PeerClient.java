package io.ferry.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * PeerClient talks to other nodes. Every chunk it hands to a {@link Receiver} has been checked
 * against its name; a peer that sends anything else, breaks off, times out or cannot be reached
 * raises a {@link PeerException}. Thread-safe; connections are pooled per peer.
 */
public final class PeerClient {
    private static final Duration CONNECT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;

    /** @param timeout the longest one request may take, response body included */
    public PeerClient(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * LocalFailure carries an exception the {@link Receiver} raised (this node's own trouble, a full
     * disk say) past the peer-error handling, so that it is never blamed on the peer.
     */
    public static final class LocalFailure extends RuntimeException {
        public LocalFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** Receives one verified chunk; {@code data[0, length)} is valid only during the call. */
    @FunctionalInterface
    public interface Receiver {
        void accept(ChunkId id, byte[] data, int length) throws IOException;
    }

    /** POSTs {@code body} as JSON and reads a JSON answer: a push-pull exchange. */
    public <T> T exchange(String address, String path, Object body, Class<T> type) throws PeerException {
        byte[] answer;
        try {
            HttpRequest req = HttpRequest.newBuilder(uri(address, path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
            HttpResponse<byte[]> r = send(address, req, HttpResponse.BodyHandlers.ofByteArray());
            check(address, path, r.statusCode(), r.body());
            answer = r.body();
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException("cannot encode a request to " + address + ": " + e.getMessage(), false, e);
        }
        try {
            return json.readValue(answer, type);
        } catch (IOException e) {
            throw new PeerException(address + " sent malformed JSON for " + path, false, e);
        }
    }

    public byte[] get(String address, String path, Duration limit) throws PeerException {
        HttpRequest req = HttpRequest.newBuilder(uri(address, path)).timeout(limit).GET().build();
        HttpResponse<byte[]> r = send(address, req, HttpResponse.BodyHandlers.ofByteArray());
        check(address, path, r.statusCode(), r.body());
        return r.body();
    }

    /**
     * Fetches the listed chunks in one response; returns the ids the peer did not have. Wire bytes are
     * added to {@code wire}.
     */
    public Set<ChunkId> batch(String address, List<ChunkId> ids, int maxLength, Receiver receiver, LongAdder wire)
            throws PeerException {
        HttpRequest req = HttpRequest.newBuilder(uri(address, "/v1/batch")).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Batch.request(ids))).build();
        HttpResponse<InputStream> r = send(address, req, HttpResponse.BodyHandlers.ofInputStream());
        Set<ChunkId> missing = new HashSet<>(ids);
        try (InputStream body = new CountingInputStream(r.body(), wire)) {
            if (r.statusCode() != 200) {
                check(address, "/v1/batch", r.statusCode(), body.readNBytes(4096));
            }
            List<Batch.Entry> entries = Batch.readHeader(body, maxLength);
            try (InputStream data = new ZstdInputStream(body)) {
                byte[] buf = new byte[maxLength];
                Sha256 sha = new Sha256();
                for (Batch.Entry e : entries) {
                    if (!missing.remove(e.id())) {
                        throw new PeerException(address + " sent chunk " + e.id() + ", which was not asked for", true, null);
                    }
                    readChunk(address, data, buf, e.length(), e.id(), sha, receiver);
                }
            }
            return missing;
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(address + " broke off a batch response: " + e.getMessage(), false, e);
        }
    }

    /**
     * Fetches the chunks at {@code indices} (strictly ascending, non-zero) of manifest {@code manifestId},
     * whose chunk list is {@code chunks}, as one pick.
     */
    public void pick(String address, String manifestId, ChunkList chunks, int[] indices, Receiver receiver,
                     LongAdder wire) throws PeerException {
        String path = "/v1/pick/" + manifestId;
        HttpRequest req = HttpRequest.newBuilder(uri(address, path)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Picks.request(indices))).build();
        HttpResponse<InputStream> r = send(address, req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = new CountingInputStream(r.body(), wire)) {
            if (r.statusCode() != 200) {
                check(address, path, r.statusCode(), body.readNBytes(4096));
            }
            try (InputStream data = new ZstdInputStream(body)) {
                int max = 1;
                for (int i : indices) {
                    max = Math.max(max, chunks.length(i));
                }
                byte[] buf = new byte[max];
                Sha256 sha = new Sha256();
                for (int i : indices) {
                    readChunk(address, data, buf, chunks.length(i), chunks.id(i), sha, receiver);
                }
            }
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(address + " broke off a pick response: " + e.getMessage(), false, e);
        }
    }

    private static void readChunk(String address, InputStream data, byte[] buf, int length, ChunkId id, Sha256 sha,
                                  Receiver receiver) throws IOException {
        try {
            new DataInputStream(data).readFully(buf, 0, length);
        } catch (EOFException e) {
            throw new PeerException(address + " ended its response inside chunk " + id, false, e);
        }
        if (!sha.digest(buf, 0, length).equals(id)) {
            throw new PeerException(address + " sent bytes that do not match chunk " + id, true, null);
        }
        try {
            receiver.accept(id, buf, length);
        } catch (IOException e) {
            throw new LocalFailure(e);
        }
    }

    private <T> HttpResponse<T> send(String address, HttpRequest req, HttpResponse.BodyHandler<T> handler)
            throws PeerException {
        try {
            return http.send(req, handler);
        } catch (IOException e) {
            throw new PeerException("cannot reach " + address + ": " + describe(e), false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while talking to " + address, false, e);
        }
    }

    private static void check(String address, String path, int status, byte[] body) throws PeerException {
        if (status != 200) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            throw new PeerException(address + " answered " + status + " to " + path + (text.isEmpty() ? "" : ": " + text),
                    false, null);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static URI uri(String address, String path) {
        return URI.create("http://" + address + path);
    }
}
