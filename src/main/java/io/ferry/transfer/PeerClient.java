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
    /** The longest table, manifest or single chunk answer read: a manifest of a 2 TiB image is ~1 GiB. */
    private static final int MAX_ANSWER = 1 << 30;
    /** The most a batch or pick answer may hold after its last chunk for its connection to be kept. */
    private static final int TAIL = 64 << 10;

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
        byte[] answer = whole(address, "/v1/table", transport.post(address, "/v1/table", "application/json", body, TABLE));
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
        return whole(address, path, transport.get(address, path, MANIFEST));
    }

    /** One chunk, from its casync URL, decompressed and verified. */
    public byte[] chunk(String address, ChunkId id, int maxLength) throws PeerException {
        String hex = id.toString();
        String path = "/" + hex.substring(0, 4) + "/" + hex + ".cacnk";
        byte[] frame = whole(address, path, transport.get(address, path, timeout));
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
        Set<ChunkId> missing = new HashSet<>(ids);
        try (InputStream body = open(address, "/v1/batch", Batch.request(ids), wire)) {
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
                finish(body);
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
        int max = 1;
        for (int i : indices) {
            max = Math.max(max, chunks.length(i));
        }
        try (InputStream body = open(address, path, Picks.request(indices), wire); InputStream data = new ZstdInputStream(body)) {
            ChunkReader reader = new ChunkReader(address, data, max, receiver);
            for (int i : indices) {
                reader.next(chunks.id(i), chunks.length(i));
            }
            finish(body);
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(address + " broke off a pick response: " + e.getMessage(), PeerException.Kind.TRANSIENT, e);
        }
    }

    /**
     * Reads what is left of an answer after its last chunk (the end of the zstd frame, the end of the chunked
     * body), so that the connection is kept for the next request. The JDK's client keeps a connection only
     * for a body read to its end, and on close it finishes one only from bytes already at hand; under TLS
     * those are still to be decrypted, so without this every batch and pick over TLS opened a connection of
     * its own, a new handshake each (docs/benchmarks.md, issue 9). An answer with more than TAIL bytes left
     * is not read further: closing it drops the connection.
     */
    private static void finish(InputStream body) throws IOException {
        byte[] b = new byte[8192];
        for (int left = TAIL; left > 0; ) {
            int n = body.read(b, 0, Math.min(b.length, left));
            if (n < 0) {
                return;
            }
            left -= n;
        }
    }

    /** POSTs a request for chunks; the body of a 200 answer, counted into {@code wire}; else a PeerException. */
    private InputStream open(String address, String path, byte[] request, LongAdder wire) throws IOException {
        Transport.Response r = transport.post(address, path, "application/octet-stream", request, timeout);
        InputStream body = new CountingInputStream(r.body(), wire);
        if (r.status() != 200) {
            try (body) {
                throw failure(address, path, r.status(), body.readNBytes(4096));
            }
        }
        return body;
    }

    /** The whole body of a 200 answer (bounded); else a PeerException. */
    private static byte[] whole(String address, String path, Transport.Response r) throws PeerException {
        try (r) {
            if (r.status() != 200) {
                throw failure(address, path, r.status(), r.body().readNBytes(4096));
            }
            return r.bytes(MAX_ANSWER);
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(address + " broke off its answer to " + path + ": " + Transport.describe(e),
                    PeerException.Kind.TRANSIENT, e);
        }
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
