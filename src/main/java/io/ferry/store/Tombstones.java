package io.ferry.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tombstones is the cache's {@code deleted} file: 12 bytes (pack, offset) per removed record, so a
 * removal outlives a restart until compaction rewrites the pack. A tombstone that cannot be written (a
 * full disk) is not an error: the chunk is gone from the index now and from disk at the next compaction,
 * and at worst it reappears after a restart, verified, as an unneeded cached chunk. Not thread-safe: the
 * cache calls it under its append lock.
 */
final class Tombstones {
    private static final Logger log = LoggerFactory.getLogger(Tombstones.class);
    private static final int SIZE = 12;

    private final Path file;
    private final FileChannel ch;

    Tombstones(Path file) throws IOException {
        this.file = file;
        this.ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Every (pack, offset) recorded, as {@code pack:offset}; a torn last entry is cut off. */
    Set<String> load() throws IOException {
        long size = ch.size() / SIZE * SIZE;
        Set<String> gone = new HashSet<>();
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        for (long at = 0; at < size; at += b.limit()) {
            b.clear().limit((int) Math.min(b.capacity(), size - at));
            while (b.hasRemaining()) {
                if (ch.read(b, at + b.position()) < 0) {
                    throw new IOException(file + " ended early");
                }
            }
            b.flip();
            while (b.remaining() >= SIZE) {
                gone.add(b.getInt() + ":" + b.getLong());
            }
        }
        ch.truncate(size);
        ch.position(size);
        return gone;
    }

    /** Records that the record at {@code offset} of {@code pack} is removed; false if it could not be. */
    boolean add(int pack, long offset) {
        long at = -1;
        try {
            at = ch.position();
            ByteBuffer b = ByteBuffer.allocate(SIZE).putInt(pack).putLong(offset).flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            return true;
        } catch (IOException e) {
            log.warn("cannot record the removal of a cached chunk in {} ({}); compaction removes it anyway", file,
                    e.getMessage());
            try {
                if (at >= 0) {
                    ch.truncate(at); // a torn entry would misalign every one after it
                    ch.position(at);
                }
            } catch (IOException ignored) {
                // load() cuts a torn last entry off
            }
            return false;
        }
    }

    /**
     * Keeps only the tombstones of records in {@code packs} (those still on disk). Rewritten in place,
     * over blocks the file already has, so it needs no free space; a crash midway leaves a mix of kept
     * and old entries, and every old one is still a true removal.
     */
    void retain(Set<Integer> packs) throws IOException {
        Set<String> kept = load();
        kept.removeIf(t -> !packs.contains(Integer.parseInt(t.substring(0, t.indexOf(':')))));
        ByteBuffer b = ByteBuffer.allocate(kept.size() * SIZE);
        for (String t : kept) {
            int colon = t.indexOf(':');
            b.putInt(Integer.parseInt(t.substring(0, colon))).putLong(Long.parseLong(t.substring(colon + 1)));
        }
        b.flip();
        while (b.hasRemaining()) {
            ch.write(b, b.position());
        }
        ch.truncate(b.limit());
        ch.position(b.limit());
    }

    void force() throws IOException {
        ch.force(false);
    }

    void close() throws IOException {
        ch.close();
    }
}
