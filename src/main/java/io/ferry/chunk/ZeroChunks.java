package io.ferry.chunk;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * ZeroChunks recognises all-zero chunks and knows their ids without hashing them again: an image is
 * often mostly zeros and all its zero chunks share a handful of lengths. Thread-safe.
 */
public final class ZeroChunks {
    private static final int BLOCK = 64 * 1024;
    private final byte[] zeros = new byte[BLOCK];
    private final ConcurrentMap<Integer, ChunkId> ids = new ConcurrentHashMap<>();

    /** True when {@code data[off, off+len)} holds only zero bytes. */
    public boolean isZero(byte[] data, int off, int len) {
        for (int p = off, end = off + len; p < end; p += BLOCK) {
            int n = Math.min(BLOCK, end - p);
            // Arrays.mismatch is vectorised by the JIT; a plain loop is several times slower
            if (Arrays.mismatch(data, p, p + n, zeros, 0, n) >= 0) {
                return false;
            }
        }
        return true;
    }

    public boolean isZero(ByteBuffer data) {
        ByteBuffer d = data.duplicate();
        ByteBuffer z = ByteBuffer.wrap(zeros);
        while (d.hasRemaining()) {
            int n = Math.min(BLOCK, d.remaining());
            ByteBuffer slice = d.slice(d.position(), n);
            if (slice.mismatch(z.slice(0, n)) >= 0) {
                return false;
            }
            d.position(d.position() + n);
        }
        return true;
    }

    /** The id of {@code length} zero bytes. */
    public ChunkId id(int length) {
        return ids.computeIfAbsent(length, this::hashZeros);
    }

    private ChunkId hashZeros(int length) {
        Sha256 sha = new Sha256();
        for (int left = length; left > 0; left -= BLOCK) {
            sha.raw().update(zeros, 0, Math.min(BLOCK, left));
        }
        return ChunkId.of(sha.raw().digest());
    }

    /** Fills {@code dst} from its position to its limit with zeros. */
    public void fill(ByteBuffer dst) {
        while (dst.hasRemaining()) {
            dst.put(zeros, 0, Math.min(BLOCK, dst.remaining()));
        }
    }

    /** A read-only view of up to 64 KiB of zeros, for writing zero ranges without allocating. */
    public ByteBuffer view(int length) {
        return ByteBuffer.wrap(zeros, 0, Math.min(length, BLOCK)).asReadOnlyBuffer();
    }
}
