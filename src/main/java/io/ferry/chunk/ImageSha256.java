package io.ferry.chunk;

import java.io.IOException;
import java.security.MessageDigest;

/**
 * ImageSha256 is the plain SHA-256 of a whole image, as {@code sha256sum} would print it for the file,
 * made from the image's chunks in order: zero chunks are fed from memory and never read.
 */
public final class ImageSha256 {
    private static final int ZERO_BLOCK = 64 * 1024;

    private ImageSha256() {
    }

    /** Reads chunk {@code index}, {@code length} bytes, into {@code buf} from 0 (verified by its store). */
    @FunctionalInterface
    public interface Reader {
        void read(int index, byte[] buf) throws IOException;
    }

    /**
     * The digest of the image {@code chunks} describes, reading its non-zero chunks through {@code reader}.
     *
     * @param max the longest chunk: the size of the one buffer used
     */
    public static ChunkId of(ChunkList chunks, int max, Reader reader) throws IOException {
        MessageDigest sha = new Sha256().raw();
        byte[] buf = new byte[Math.max(max, ZERO_BLOCK)];
        byte[] zeros = new byte[ZERO_BLOCK];
        for (int i = 0; i < chunks.count(); i++) {
            int len = chunks.length(i);
            if (chunks.isZero(i)) {
                for (int left = len; left > 0; left -= ZERO_BLOCK) {
                    sha.update(zeros, 0, Math.min(ZERO_BLOCK, left));
                }
            } else {
                reader.read(i, buf);
                sha.update(buf, 0, len);
            }
        }
        return ChunkId.of(sha.digest());
    }
}
