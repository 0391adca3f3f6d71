package io.ferry.transfer;

import io.ferry.chunk.ChunkId;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch is the framing of a many-chunk response: a header that lists the chunks it carries, then
 * their bytes back to back as one zstd stream (compressing them together moves fewer bytes than
 * chunk by chunk: repeats across chunks are found).
 *
 * <pre>u32 count, count × { 32B id, u32 length }, zstd( chunk bytes in header order )</pre>
 *
 * A request body is just the wanted ids, 32 bytes each. Chunks the server lacks are left out.
 */
public final class Batch {
    /** The most chunks one request may ask for. */
    public static final int MAX_CHUNKS = 4096;

    private Batch() {
    }

    /** One chunk listed in a batch header. */
    public record Entry(ChunkId id, int length) {
    }

    public static byte[] request(List<ChunkId> ids) {
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
        for (int i = 0; i < n; i++) {
            ids.add(ChunkId.of(body, i * ChunkId.BYTES));
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

    public static List<Entry> readHeader(InputStream in, int maxLength) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int n;
        try {
            n = d.readInt();
        } catch (EOFException e) {
            throw new IOException("the batch response ended before its header");
        }
        if (n < 0 || n > MAX_CHUNKS) {
            throw new IOException("the batch response claims " + n + " chunks");
        }
        List<Entry> entries = new ArrayList<>(n);
        byte[] id = new byte[ChunkId.BYTES];
        for (int i = 0; i < n; i++) {
            d.readFully(id);
            int len = d.readInt();
            if (len <= 0 || len > maxLength) {
                throw new IOException("the batch response gives chunk " + i + " a length of " + len);
            }
            entries.add(new Entry(ChunkId.of(id), len));
        }
        return entries;
    }
}
