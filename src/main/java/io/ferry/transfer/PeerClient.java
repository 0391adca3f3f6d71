package io.ferry.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import io.ferry.catalog.TableEntry;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import io.ferry.manifest.ManifestId;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * PeerClient is every call one node makes to another (docs/protocol.md): the table exchange, a
 * manifest (whole or as a patch), a batch of chunks by id, a pick of chunks by index, one chunk.
 * Every chunk it hands on has been checked against its name; a peer that sends anything else, breaks
 * off, times out or cannot be reached raises a {@link PeerException} of the matching kind. Thread-safe.
 */
public final class PeerClient {
    private static final Duration TABLE = Duration.ofSeconds(10);
    private static final Duration MANIFEST = Duration.ofSeconds(30);

    private final Transport transport;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;

    /** @param timeout the longest one chunk request may take, response body included */
    public PeerClient(Transport transport, Duration timeout) {
        this.transport = transport;
        this.timeout = timeout;
    }

    /** Push-pull: sends this node's own entry and gets back every entry the peer knows. */
    public TableSummary table(String address, TableEntry self) throws PeerException {
        byte[] body;
        try {
            body = json.writeValueAsBytes(self);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode this node's table entry", e);
        }
        HttpRequest req = transport.request(address, "/v1/table").timeout(TABLE)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        byte[] answer = whole(address, "/v1/table", req);
        try {
            return json.readValue(answer, TableSummary.class);
        } catch (IOException e) {
            throw new PeerException(address + " sent a malformed table", PeerException.Kind.TRANSIENT, e);
        }
    }

    /**
     * Manifest {@code id} as the peer sends it (see {@code ManifestDelta}): whole, or as a patch of one
     * of {@code bases}, manifests this node holds.
     */
    public byte[] manifest(String address, ManifestId id, List<ManifestId> bases) throws PeerException {
        String path = "/v1/manifests/" + id + ".zst" + (bases.isEmpty() ? "" : "?base="
                + bases.stream().map(ManifestId::hex).collect(java.util.stream.Collectors.joining(",")));
        return whole(address, path, transport.request(address, path).timeout(MANIFEST).GET().build());
    }

    /** One chunk, from its casync URL, decompressed and verified. */
    public byte[] chunk(String address, ChunkId id, int maxLength) throws PeerException {
        String hex = id.toString();
        String path = "/" + hex.substring(0, 4) + "/" + hex + ".cacnk";
        byte[] frame = whole(address, path, transport.request(address, path).timeout(timeout).GET().build());
        long size = Zstd.getFrameContentSize(frame);
        if (size <= 0 || size > maxLength) {
            throw new PeerException(address + " sent chunk " + id + " with a length of " + size,
                    PeerException.Kind.CORRUPT, null);
        }
        byte[] data = new byte[(int) size];
        try {
            if (Zstd.decompressByteArray(data, 0, data.length, frame, 0, frame.length) != size
                    || !new Sha256().digest(data, 0, data.length).equals(id)) {
                throw new PeerException(address + " sent bytes that do not match chunk " + id, PeerException.Kind.CORRUPT, null);
            }
        } catch (RuntimeException e) {
            throw new PeerException(address + " sent a damaged frame for chunk " + id, PeerException.Kind.CORRUPT, e);
        }
        return data;
    }

    /**
     * Fetches the listed chunks in one response; returns the ids the peer did not have. Wire bytes are
     * added to {@code wire}.
     */
    public Set<ChunkId> batch(String address, List<ChunkId> ids, int maxLength, Receiver receiver, LongAdder wire)
            throws PeerException {
        HttpRequest req = transport.request(address, "/v1/batch").timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Batch.request(ids))).build();
        Set<ChunkId> missing = new HashSet<>(ids);
        try (InputStream body = open(address, "/v1/batch", req, wire)) {
            List<Batch.Entry> entries = Batch.readHeader(body, maxLength);
            try (InputStream data = new ZstdInputStream(body)) {
                ChunkReader reader = new ChunkReader(address, data, maxLength, receiver);
                for (Batch.Entry e : entries) {
                    if (!missing.remove(e.id())) {
                        throw new PeerException(address + " sent chunk " + e.id() + ", which was not asked for",
                                PeerException.Kind.CORRUPT, null);
                    }
                    reader.next(e.id(), e.length());
                }
            }
            return missing;
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(address + " broke off a batch response: " + e.getMessage(), PeerException.Kind.TRANSIENT, e);
        }
    }

    /**
     * Fetches the chunks at {@code indices} (strictly ascending, non-zero) of manifest {@code manifestId},
     * whose chunk list is {@code chunks}, as one pick.
     */
    public void pick(String address, ManifestId manifestId, ChunkList chunks, int[] indices, Receiver receiver,
                     LongAdder wire) throws PeerException {
        String path = "/v1/pick/" + manifestId.hex();
        HttpRequest req = transport.request(address, path).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Picks.request(indices))).build();
        int max = 1;
        for (int i : indices) {
            max = Math.max(max, chunks.length(i));
        }
        try (InputStream body = open(address, path, req, wire); InputStream data = new ZstdInputStream(body)) {
            ChunkReader reader = new ChunkReader(address, data, max, receiver);
            for (int i : indices) {
                reader.next(chunks.id(i), chunks.length(i));
            }
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(address + " broke off a pick response: " + e.getMessage(), PeerException.Kind.TRANSIENT, e);
        }
    }

    /** The body of a 200 response, counted into {@code wire}; any other status is a PeerException. */
    private InputStream open(String address, String path, HttpRequest req, LongAdder wire) throws IOException {
        HttpResponse<InputStream> r = transport.send(address, req, HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = new CountingInputStream(r.body(), wire);
        if (r.statusCode() != 200) {
            try (body) {
                throw failure(address, path, r.statusCode(), body.readNBytes(4096));
            }
        }
        return body;
    }

    private byte[] whole(String address, String path, HttpRequest req) throws PeerException {
        HttpResponse<byte[]> r = transport.send(address, req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw failure(address, path, r.statusCode(), r.body());
        }
        return r.body();
    }

    private static PeerException failure(String address, String path, int status, byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (text.length() > 200) {
            text = text.substring(0, 200) + "…";
        }
        return new PeerException(address + " answered " + status + " to " + path + (text.isEmpty() ? "" : ": " + text),
                PeerException.ofStatus(status), null);
    }
}
