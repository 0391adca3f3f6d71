package io.ferry.transfer;

import io.ferry.chunk.ChunkId;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Batch is the framing of a many-chunk response: a header that lists the chunks it carries, then
 * their bytes back to back as one zstd stream (compressing them together moves fewer bytes than
 * chunk by chunk: repeats across chunks are found).
 *
 * <pre>u32 count, count × { 32B id, u32 length }, zstd( count × { u8 mark, chunk bytes if mark is 1 } )</pre>
 *
 * A request body is just the wanted ids, 32 bytes each: 1 to {@link RequestLimits#MAX_CHUNKS} of them,
 * none twice; anything else is an {@link IllegalArgumentException} (a 400). Chunks the server lacks
 * are left out of the answer; a chunk its index listed but that then failed to read (lost, or its copy
 * no longer matches its name) is marked absent in the stream ({@link ChunkReader}), so one bad chunk
 * costs that chunk only; a header that lists anything else (more chunks than asked, a chunk not
 * asked for or twice, a length outside the chunker's bounds) is a {@link PeerException}.
 */
public final class Batch {
    /** The most chunks one request may ask for. */
    public static final int MAX_CHUNKS = RequestLimits.MAX_CHUNKS;

    private Batch() {
    }

    /** One chunk listed in a batch header. */
    public record Entry(ChunkId id, int length) {
    }

    public static byte[] request(List<ChunkId> ids) {
        if (ids.isEmpty() || ids.size() > MAX_CHUNKS) {
            throw new IllegalArgumentException("a batch names 1 to " + MAX_CHUNKS + " chunks, not " + ids.size());
        }
        byte[] body = new byte[ids.size() * ChunkId.BYTES];
        for (int i = 0; i < ids.size(); i++) {
            ids.get(i).copyTo(body, i * ChunkId.BYTES);
        }
        return body;
    }

    public static List<ChunkId> parseRequest(byte[] body) {
        if (body.length % ChunkId.BYTES != 0 || body.length == 0) {
            throw new IllegalArgumentException("a batch request is a non-empty list of 32-byte chunk ids");
        }
        int n = body.length / ChunkId.BYTES;
        if (n > MAX_CHUNKS) {
            throw new IllegalArgumentException("a batch request may name at most " + MAX_CHUNKS + " chunks, got " + n);
        }
        List<ChunkId> ids = new ArrayList<>(n);
        Set<ChunkId> seen = new HashSet<>(n * 2);
        for (int i = 0; i < n; i++) {
            ChunkId id = ChunkId.of(body, i * ChunkId.BYTES);
            if (!seen.add(id)) {
                throw new IllegalArgumentException("a batch request names chunk " + id + " twice");
            }
            ids.add(id);
        }
        return ids;
    }

    public static void writeHeader(OutputStream out, List<Entry> entries) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(entries.size());
        byte[] id = new byte[ChunkId.BYTES];
        for (Entry e : entries) {
            e.id().copyTo(id, 0);
            d.write(id);
            d.writeInt(e.length());
        }
        d.flush();
    }

    /**
     * Reads the header of {@code address}'s answer to a request for {@code asked}: at most that many
     * entries, each a chunk asked for, listed once, of 1 to {@code maxLength} bytes. A header that breaks
     * off is a TRANSIENT {@link PeerException}, one that lists anything else a CORRUPT one; the
     * stream's own failures pass through.
     */
    public static List<Entry> readHeader(String address, InputStream in, Set<ChunkId> asked, int maxLength)
            throws IOException {
        DataInputStream d = new DataInputStream(in);
        try {
            int n = d.readInt();
            if (n < 0 || n > asked.size()) {
                throw corrupt(address, "claims " + Integer.toUnsignedString(n) + " chunks; " + asked.size() + " were asked for");
            }
            List<Entry> entries = new ArrayList<>(n);
            Set<ChunkId> listed = new HashSet<>(n * 2);
            byte[] id = new byte[ChunkId.BYTES];
            for (int i = 0; i < n; i++) {
                d.readFully(id);
                int len = d.readInt();
                ChunkId cid = ChunkId.of(id);
                if (!asked.contains(cid) || !listed.add(cid)) {
                    throw corrupt(address, "lists chunk " + cid + ", which was not asked for or is listed twice");
                }
                if (len <= 0 || len > maxLength) {
                    throw corrupt(address, "gives chunk " + cid + " a length of " + len + " (at most " + maxLength + ")");
                }
                entries.add(new Entry(cid, len));
            }
            return entries;
        } catch (EOFException e) {
            throw new PeerException(address + " ended a batch response inside its header", PeerException.Kind.TRANSIENT, e);
        }
    }

    /**
     * Reads {@code address}'s whole answer to a request for {@code asked}, handing each chunk it
     * carries, verified, to {@code receiver}; returns the ids it left out or marked absent. Reads no more than the
     * header lists; anything wrong with the answer is a {@link PeerException}.
     */
    public static Set<ChunkId> readResponse(String address, InputStream body, List<ChunkId> asked, int maxLength,
                                            Receiver receiver) throws PeerException {
        Set<ChunkId> missing = new HashSet<>(asked);
        try {
            List<Entry> entries = readHeader(address, body, Set.copyOf(missing), maxLength);
            if (entries.isEmpty()) {
                ChunkReader.expectEnd(address, "batch response", body); // no chunks: the server starts no zstd stream
                return missing;
            }
            try (InputStream data = ChunkReader.decompressed(body)) {
                ChunkReader reader = new ChunkReader(address, data, maxLength, receiver);
                for (Entry e : entries) {
                    if (reader.next(e.id(), e.length())) {
                        missing.remove(e.id());
                    }
                }
                ChunkReader.expectEnd(address, "batch response", data);
            }
            return missing;
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(address + " broke off a batch response: " + e.getMessage(), PeerException.Kind.TRANSIENT, e);
        }
    }

    private static PeerException corrupt(String address, String what) {
        return new PeerException(address + "'s batch response " + what, PeerException.Kind.CORRUPT, null);
    }
}
