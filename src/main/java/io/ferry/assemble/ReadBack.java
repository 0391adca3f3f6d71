package io.ferry.assemble;

import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.Manifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * ReadBack reads a written image back, in order, and checks every chunk against its id and every zero
 * chunk for zeros: what an output written in place must pass before a delivery may report success.
 * It can feed the same bytes to the whole-image SHA-256 on the way.
 */
final class ReadBack {
    private ReadBack() {
    }

    /**
     * Verifies {@code m} as written at the start of {@code in}; {@code whole}, when not null, is updated
     * with every byte of the image.
     *
     * @throws IOException naming {@code where}, the first chunk that reads back wrong and its offset
     */
    static void verify(FileChannel in, Manifest m, ZeroChunks zeros, MessageDigest whole, Path where)
            throws IOException {
        ChunkList c = m.chunks();
        byte[] buf = new byte[m.chunker().max()];
        Sha256 sha = new Sha256();
        for (int i = 0; i < c.count(); i++) {
            int len = c.length(i);
            long at = c.offset(i);
            ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
            while (b.hasRemaining()) {
                if (in.read(b, at + b.position()) < 0) {
                    throw new IOException(where + " ended at byte " + (at + b.position()) + " while being read back");
                }
            }
            boolean right = c.isZero(i) ? zeros.isZero(buf, 0, len) : sha.digest(buf, 0, len).equals(c.id(i));
            if (!right) {
                throw new IOException(where + " does not read back as written: the " + len + " bytes at offset " + at
                        + (c.isZero(i) ? " should be zeros" : " should be chunk " + c.id(i)));
            }
            if (whole != null) {
                whole.update(buf, 0, len);
            }
        }
    }
}
