package io.ferry.transfer;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * ChunkReader takes chunks one after another off a decompressed response, checks each against its
 * name and hands it to the receiver. Each chunk asked for is one byte, {@link #HERE} followed by its
 * bytes or {@link #ABSENT} alone: the server could not produce that chunk (it lost it, or its copy no
 * longer matches its name), so that chunk, and only it, is asked of someone else. One buffer serves the
 * whole response, and exactly the chunks asked for are read: {@link #expectEnd} then checks that the
 * response ends there.
 */
final class ChunkReader {
    /**
     * The largest zstd window a pick or batch answer may need: servers compress at levels 1-19, which
     * use at most 2^23 bytes (8 MiB, also about the most one answer carries); a frame that asks for
     * more (up to the decoder's default of 128 MiB) would only cost memory.
     */
    static final int WINDOW_LOG = 23;
    /** The chunk's bytes follow. */
    static final int HERE = 1;
    /** The server cannot produce this chunk: nothing follows for it. */
    static final int ABSENT = 0;

    private final String address;
    private final DataInputStream in;
    private final byte[] buf;
    private final Sha256 sha = new Sha256();
    private final Receiver receiver;

    ChunkReader(String address, InputStream in, int maxLength, Receiver receiver) {
        this.address = address;
        this.in = new DataInputStream(in);
        this.buf = new byte[maxLength];
        this.receiver = receiver;
    }

    /** The chunk bytes of a response body: one zstd stream, decoded with a bounded window. */
    static InputStream decompressed(InputStream body) throws IOException {
        return new ZstdInputStream(body).setLongMax(WINDOW_LOG);
    }

    /**
     * After the last chunk asked for, the answer must end. One byte more (decoded, or bytes after the
     * zstd stream that do not decode) is a peer sending what was not asked for: CORRUPT.
     */
    static void expectEnd(String address, String what, InputStream data) throws IOException {
        int next;
        try {
            next = data.read();
        } catch (ZstdIOException e) {
            next = 0;
        }
        if (next != -1) {
            throw new PeerException(address + "'s " + what + " goes on after the chunks asked for",
                    PeerException.Kind.CORRUPT, null);
        }
    }

    /** Reads the next chunk, {@code id} of {@code length} bytes: true when it came, false when the server had none. */
    boolean next(ChunkId id, int length) throws IOException {
        int tag;
        try {
            tag = in.readUnsignedByte();
        } catch (EOFException e) {
            throw new PeerException(address + " ended its response before chunk " + id, PeerException.Kind.TRANSIENT, e);
        }
        if (tag == ABSENT) {
            return false;
        }
        if (tag != HERE) {
            throw new PeerException(address + " sent an unknown mark " + tag + " before chunk " + id, PeerException.Kind.CORRUPT,
                    null);
        }
        try {
            in.readFully(buf, 0, length);
        } catch (EOFException e) {
            throw new PeerException(address + " ended its response inside chunk " + id, PeerException.Kind.TRANSIENT, e);
        }
        if (!sha.digest(buf, 0, length).equals(id)) {
            throw new PeerException(address + " sent bytes that do not match chunk " + id, PeerException.Kind.CORRUPT, null);
        }
        try {
            receiver.accept(id, buf, length);
        } catch (IOException e) {
            throw new LocalFailure(e);
        }
        return true;
    }
}
