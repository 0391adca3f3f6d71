package io.ferry.chunk;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * ZeroChunks recognises all-zero chunks and knows their ids without hashing them again: an image is
 * often mostly zeros and all its zero chunks share a handful of lengths. Thread-safe.
 *
 * <p>A manifest from a peer may give its zero chunks any lengths up to the chunker's max, so the ids
 * of many lengths are made in one pass over zeros ({@link #ids}) and only the first {@link #CACHED}
 * lengths seen are kept: neither the work nor the memory grows with what a peer makes up.
 */
public final class ZeroChunks {
    private static final int BLOCK = 64 * 1024;
    /** Lengths whose ids are kept: far more than the handful a real image has. */
    static final int CACHED = 4096;
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
        ChunkId known = ids.get(length);
        if (known != null) {
            return known;
        }
        ChunkId id = hashZeros(length);
        keep(length, id);
        return id;
    }

    /**
     * The ids of zero runs of each of {@code lengths} (ascending, distinct, positive), hashing at most
     * the longest of them once however many there are: SHA-256's state after n zeros is the prefix of
     * its state after n + k, so one digest fed zeros is copied at each length.
     */
    public ChunkId[] ids(int[] lengths) {
        ChunkId[] out = new ChunkId[lengths.length];
        MessageDigest running = null;
        int fed = 0;
        for (int k = 0; k < lengths.length; k++) {
            int length = lengths[k];
            if (length <= 0 || (k > 0 && length <= lengths[k - 1])) {
                throw new IllegalArgumentException("zero chunk lengths must be positive and ascending");
            }
            out[k] = ids.get(length);
            if (out[k] != null) {
                continue;
            }
            if (running == null) {
                running = new Sha256().raw();
            }
            for (; fed < length; fed += Math.min(BLOCK, length - fed)) {
                running.update(zeros, 0, Math.min(BLOCK, length - fed));
            }
            out[k] = ChunkId.of(copy(running).digest());
            keep(length, out[k]);
        }
        return out;
    }

    private static MessageDigest copy(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JVM's SHA-256 cannot be copied", e);
        }
    }

    /** How many lengths' ids are kept (for tests of the bound). */
    int cached() {
        return ids.size();
    }

    private void keep(int length, ChunkId id) {
        if (ids.size() < CACHED) {
            ids.putIfAbsent(length, id);
        }
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
