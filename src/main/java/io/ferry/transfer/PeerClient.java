package io.ferry.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import io.ferry.catalog.PeerAddress;
import io.ferry.catalog.TableEntry;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import io.ferry.manifest.ManifestDelta;
import io.ferry.manifest.ManifestId;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * PeerClient is every call one node makes to another (docs/protocol.md): the table exchange, a
 * manifest (whole or as a patch), a batch of chunks by id, a pick of chunks by index, one chunk.
 * Every chunk it hands on has been checked against its name; a peer that sends anything else, breaks
 * off, times out or cannot be reached raises a {@link PeerException} of the matching kind. Thread-safe.
 */
public final class PeerClient {
    private static final Duration TABLE = Duration.ofSeconds(10);
    private static final Duration MANIFEST = Duration.ofSeconds(30);
    /** The longest table answer read. */
    private static final int MAX_TABLE = 1 << 30;
    /** The longest manifest answer: the wire form of the longest manifest there can be (~1.1 GiB). */
    private static final int MAX_MANIFEST = (int) ManifestDelta.MAX_WIRE_BYTES;

    private final Transport transport;
    /** Made on first use: a CLI command that opens a node but asks no peer never pays its start-up. */
    private ObjectMapper json;
    private final Duration timeout;
    /**
     * Per peer, the rate (wire bytes/s) its last chunk answer arrived at: sent with the next request, so the
     * peer can tell a link that holds its bytes back from a compressor that does (see {@code AdaptiveLevel}).
     */
    private final java.util.Map<String, Long> arrival = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param timeout how long a chunk request may wait for any byte (the socket's read timeout); how long
     *                its body may take is its {@link Call}'s to say
     */
    public PeerClient(Transport transport, Duration timeout) {
        this.transport = transport;
        this.timeout = timeout;
    }

    private synchronized ObjectMapper json() {
        if (json == null) {
            json = new ObjectMapper();
        }
        return json;
    }

    /**
     * Push-pull: sends this node's own entry and gets back every entry the peer knows; with no entry
     * ({@code self} null: this node has no address yet), only pulls.
     */
    public TableSummary table(String address, TableEntry self) throws PeerException {
        byte[] body;
        try {
            body = self == null ? null : json().writeValueAsBytes(self);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode this node's table entry", e);
        }
        byte[] answer = whole(address, "/v1/table", body == null ? transport.get(peer(address), "/v1/table", TABLE)
                : transport.post(peer(address), "/v1/table", "application/json", body, TABLE), MAX_TABLE);
        try {
            return json().readValue(answer, TableSummary.class);
        } catch (IOException e) {
            throw new PeerException(address + " sent a malformed table", PeerException.Kind.TRANSIENT, e);
        }
    }

    /**
     * A message of the exchange's own (gossip, membership) posted to {@code path}: the answer's bytes, at
     * most {@code max}; decoding them is the exchange's.
     */
    public byte[] message(String address, String path, byte[] body, int max, Duration wait) throws PeerException {
        return whole(address, path, transport.post(peer(address), path, "application/octet-stream", body, wait), max);
    }

    /**
     * Manifest {@code id} as the peer sends it (see {@code ManifestDelta}): whole, or as a patch of one
     * of {@code bases}, manifests this node holds; at most {@link ManifestDelta#MAX_WIRE_BYTES}.
     */
    public byte[] manifest(String address, ManifestId id, List<ManifestId> bases) throws PeerException {
        return manifest(address, id, bases, null);
    }

    /** As {@link #manifest(String, ManifestId, List)}, the answer read under {@code call}'s watch (null: none). */
    public byte[] manifest(String address, ManifestId id, List<ManifestId> bases, Call call) throws PeerException {
        String path = "/v1/manifests/" + id + ".zst" + (bases.isEmpty() ? "" : "?base="
                + bases.stream().map(ManifestId::hex).collect(java.util.stream.Collectors.joining(",")));
        Transport.Response r = transport.get(peer(address), path, MANIFEST);
        return whole(address, path, call == null ? r : new Transport.Response(r.status(),
                new CountingInputStream(r.body(), call)), MAX_MANIFEST);
    }

    /** One chunk, from its casync URL, decompressed and verified. */
    public byte[] chunk(String address, ChunkId id, int maxLength) throws PeerException {
        String hex = id.toString();
        String path = "/" + hex.substring(0, 4) + "/" + hex + ".cacnk";
        // zstd's worst case for a chunk of maxLength, plus room for a frame's header and checksum
        byte[] frame = whole(address, path, transport.get(peer(address), path, timeout),
                (int) Math.min(Integer.MAX_VALUE - 8, Zstd.compressBound(maxLength) + 1024));
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
     * Fetches the listed chunks (at most {@link RequestLimits#MAX_CHUNKS}) in one response; returns
     * the ids the peer did not have or could not produce. The body is read under {@code call}'s watch. An
     * answer that lists or carries anything but chunks asked for, each once, is a CORRUPT {@link PeerException}.
     */
    public Set<ChunkId> batch(String address, List<ChunkId> ids, int maxLength, Receiver receiver, Call call)
            throws PeerException {
        try (InputStream body = open(address, "/v1/batch", Batch.request(ids), call)) {
            Set<ChunkId> absent = Batch.readResponse(address, body, ids, maxLength, receiver);
            noteArrival(address, call);
            return absent;
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(address + " broke off a batch response: " + e.getMessage(), PeerException.Kind.TRANSIENT, e);
        }
    }

    /**
     * Fetches the chunks at {@code indices} (strictly ascending, non-zero, at most
     * {@link RequestLimits#MAX_CHUNKS}) of manifest {@code manifestId}, whose chunk list is
     * {@code chunks}, as one pick; returns the ids the peer could not produce. Exactly their bytes are read:
     * an answer that goes on is CORRUPT.
     */
    public Set<ChunkId> pick(String address, ManifestId manifestId, ChunkList chunks, int[] indices, Receiver receiver,
                             Call call) throws PeerException {
        String path = "/v1/pick/" + manifestId.hex();
        try (InputStream body = open(address, path, Picks.request(indices), call)) {
            Set<ChunkId> absent = Picks.readResponse(address, body, chunks, indices, receiver);
            noteArrival(address, call);
            return absent;
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(address + " broke off a pick response: " + e.getMessage(), PeerException.Kind.TRANSIENT, e);
        }
    }

    /** POSTs a request for chunks; the body of a 200 answer, read under {@code call}'s watch; else a PeerException. */
    private InputStream open(String address, String path, byte[] request, Call call) throws IOException {
        Long rate = arrival.get(address);
        // a query parameter, not a header: a node of the previous version ignores it (its routes match the path)
        String target = rate == null ? path : path + "?" + RequestLimits.ARRIVAL_PARAM + "=" + rate;
        Transport.Response r = transport.post(peer(address), target, "application/octet-stream", request, timeout);
        InputStream body = new CountingInputStream(r.body(), call);
        if (r.status() != 200) {
            try (body) {
                throw failure(address, path, r.status(), body.readNBytes(4096));
            }
        }
        return body;
    }

    private void noteArrival(String address, Call call) {
        long rate = call.arrivalRate();
        if (rate > 0) {
            arrival.put(address, rate);
        }
    }

    /**
     * {@code address} once it is checked to be host:port and nothing else: it becomes the authority of a
     * URL, and a peer's word put it here.
     */
    private static String peer(String address) throws PeerException {
        try {
            return PeerAddress.check(address);
        } catch (IllegalArgumentException e) {
            throw new PeerException(e.getMessage(), PeerException.Kind.FORBIDDEN, e);
        }
    }

    /** The whole body of a 200 answer, at most {@code limit} bytes (a longer one is CORRUPT); else a PeerException. */
    private static byte[] whole(String address, String path, Transport.Response r, int limit) throws PeerException {
        try (r) {
            if (r.status() != 200) {
                throw failure(address, path, r.status(), r.body().readNBytes(4096));
            }
            byte[] b = r.body().readNBytes(limit + 1);
            if (b.length > limit) {
                throw new PeerException(address + "'s answer to " + path + " is longer than the " + limit
                        + " bytes it may be", PeerException.Kind.CORRUPT, null);
            }
            return b;
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
