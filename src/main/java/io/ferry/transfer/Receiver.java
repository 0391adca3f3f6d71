package io.ferry.transfer;

import io.ferry.chunk.ChunkId;
import java.io.IOException;

/** Receives one verified chunk from a peer; {@code data[0, length)} is valid only during the call. */
@FunctionalInterface
public interface Receiver {
    /** @throws IOException this node's own trouble (a full disk, say): never blamed on the peer */
    void accept(ChunkId id, byte[] data, int length) throws IOException;
}
