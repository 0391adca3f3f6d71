package io.ferry.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reserve is a file of zeros in the data directory, {@code DIR/reserve}, really allocated, that is given
 * up so that {@code gc} and {@code rm} can work on a full disk.
 *
 * <p>Why: both must write before they can free. rm deletes a row in the SQLite catalog, which needs a
 * few pages of journal; gc moves the live records of a pack before deleting it. On a full file system
 * neither could start, even after a restart (issue 10). So {@link #freeing} deletes the reserve first
 * when the disk is full (or when the work fails for lack of space, then tries once more), and makes it
 * again afterwards if there is room. Its size, {@link #bytesFor}, is at least one cache pack
 * ({@link #packBytesFor}): with it back, compaction can always move one pack and so make
 * progress. It is made only while at least twice its size is free, so it never takes the last space.
 */
public final class Reserve {
    private static final Logger log = LoggerFactory.getLogger(Reserve.class);
    /** The most a reserve takes; on file systems under 2 GiB it is 1/32 of their size. */
    static final long MOST = 64L << 20;

    /** An operation that may fail for lack of space. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    private final Path file;
    private final long bytes;

    private Reserve(Path file, long bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    /**
     * The reserve of data directory {@code dir}: made now if there is room, or given up now if the disk
     * is full, since even opening the SQLite catalog needs a little space (its shared-memory file).
     */
    public static Reserve open(Path dir) throws IOException {
        Reserve r = new Reserve(dir.resolve("reserve"), bytesFor(Files.getFileStore(dir).getTotalSpace()));
        if (!r.full()) {
            r.ensure();
        } else if (r.release() > 0) {
            log.info("the file system of {} is full: gave up the reserve so the node can open; `ferry rm` and"
                    + " `ferry gc` make room", dir);
        }
        return r;
    }

    /** The reserve's size on a file system of {@code total} bytes. */
    static long bytesFor(long total) {
        return Math.max(1L << 20, Math.min(MOST, total / 32)); // never under one pack: see packBytesFor
    }

    /**
     * The cache's pack size on a file system of {@code total} bytes: at most 64 MiB, 1/64 of a small
     * file system, never more than the reserve, so that space comes back pack by pack and compacting one
     * pack never needs more free space than the reserve gives (1 GiB packs could not be compacted on a
     * full disk at all).
     */
    static long packBytesFor(long total) {
        return Math.max(1L << 20, Math.min(MOST, total / 64));
    }

    /** Makes the reserve if it is missing (or short) and twice its size is free; true when it is there. */
    public synchronized boolean ensure() {
        try {
            if (Files.exists(file) && Files.size(file) == bytes) {
                return true;
            }
            if (Files.getFileStore(file.getParent()).getUsableSpace() < 2 * bytes) {
                log.info("no room for the {} reserve {} yet", NoSpaceException.bytes(bytes), file);
                return false;
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
                // zeros written, not a sparse length: the blocks must be truly allocated to be given back.
                // No fsync: tmpfs, ext4 and xfs all take the space at write time (delayed allocation
                // reserves it), and waiting for the disk would slow every node start for nothing.
                for (long at = 0; at < bytes; at += zeros.limit()) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
                    while (zeros.hasRemaining()) {
                        ch.write(zeros, at + zeros.position());
                    }
                }
            }
            return true;
        } catch (IOException e) {
            release();
            log.info("cannot make the reserve {}: {}", file, e.getMessage());
            return false;
        }
    }

    /** Deletes the reserve; returns the bytes given back. */
    public synchronized long release() {
        try {
            long n = Files.exists(file) ? Files.size(file) : 0;
            Files.deleteIfExists(file);
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    /** True when less than the reserve's size is free: the next writes would fail. */
    public boolean full() {
        try {
            return Files.getFileStore(file.getParent()).getUsableSpace() < bytes;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs {@code work}, which frees space but must write first: with the reserve deleted first when the
     * disk is full, or after a first try failed for lack of space; the reserve is made again afterwards.
     */
    public <T> T freeing(Work<T> work) throws IOException {
        boolean released = full() && release() > 0;
        try {
            return work.run();
        } catch (IOException e) {
            if (released || !NoSpaceException.isNoSpace(e) || release() == 0) {
                throw e;
            }
            log.warn("out of space; gave up the reserve {} to try again", file);
            return work.run();
        } finally {
            ensure();
        }
    }

    @Override
    public String toString() {
        return "reserve " + file + " (" + NoSpaceException.bytes(bytes) + ")";
    }
}
