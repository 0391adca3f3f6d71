package io.ferry.store;

/**
 * PackRecord is where one cached chunk's record lies (pack, offset, lengths) in {@link CacheStore}'s
 * index; {@code lastUsed} is the LRU signal, updated in place on every use so reads need no lock.
 */
final class PackRecord {
    final int pack;
    final long offset;
    final int length;
    final int frameLength;
    volatile long lastUsed;

    PackRecord(int pack, long offset, int length, int frameLength, long lastUsed) {
        this.pack = pack;
        this.offset = offset;
        this.length = length;
        this.frameLength = frameLength;
        this.lastUsed = lastUsed;
    }

    /** The bytes the record takes in its pack, header and frame. */
    long recordBytes() {
        return PackScan.HEADER + (long) frameLength;
    }

    /** Reads {@code b} whole from {@code ch} at {@code at}. */
    static void readFully(java.nio.channels.FileChannel ch, java.nio.ByteBuffer b, long at) throws java.io.IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new java.io.IOException("a cache pack ended early");
            }
        }
    }
}
