package io.ferry.transfer;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * ChunkReader takes chunks one after another off a decompressed response, checks each against its
 * name and hands it to the receiver. One buffer serves the whole response.
 */
final class ChunkReader {
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

    void next(ChunkId id, int length) throws IOException {
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
    }
}
