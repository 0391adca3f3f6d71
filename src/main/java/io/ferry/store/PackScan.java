package io.ferry.store;

import com.github.luben.zstd.Zstd;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PackScan finds the records of one cache pack at start-up, and gets past damage: a record whose header
 * makes no sense costs that record only, not the rest of its pack.
 *
 * <p>While nothing is damaged it reads headers only (plus the frame's first four bytes, which must be
 * zstd's magic number): start-up stays cheap. When a header is implausible, the record before it is
 * proven first (its length may be what was damaged), then the pack is searched forward for zstd's magic;
 * a candidate record there is indexed only once it is proven: plausible header, and the frame
 * decompresses to {@code length} bytes that hash to the id. Proof is needed because compressed data can
 * contain the magic by chance, and a wrongly trusted header would misplace every record after it. The
 * bytes skipped are reported (WARN, with the pack and offsets) and counted dead so compaction reclaims
 * them. Only when no proven record follows the damage is the rest cut off: that is a torn tail.
 *
 * <p>A header damaged in its id alone still looks plausible; that record then fails verification when
 * read and is dropped like any corrupt chunk.
 */
final class PackScan {
    private static final Logger log = LoggerFactory.getLogger(PackScan.class);
    static final int HEADER = ChunkId.BYTES + 8;
    /** zstd's frame magic number, as it lies on disk (little-endian 0xFD2FB528). */
    private static final int MAGIC = 0xFD2FB528;
    private static final int MAX_FRAME = (int) Zstd.compressBound(ChunkerParams.LARGEST);
    private static final int BLOCK = 1 << 20;

    /** Told of each record found, in pack order. */
    @FunctionalInterface
    interface Sink {
        void record(ChunkId id, long offset, int length, int frameLength);
    }

    /** Where the good records end (the pack is cut there), and the damaged bytes skipped before it. */
    record Result(long end, long skipped) {
    }

    private record Header(ChunkId id, long offset, int length, int frame) {
        long end() {
            return offset + HEADER + frame;
        }
    }

    private final FileChannel ch;
    private final Path file;
    private final long size;

    private PackScan(FileChannel ch, Path file) throws IOException {
        this.ch = ch;
        this.file = file;
        this.size = ch.size();
    }

    /** Scans pack {@code file} (open as {@code ch}), telling {@code sink} of each good record. */
    static Result scan(FileChannel ch, Path file, Sink sink) throws IOException {
        return new PackScan(ch, file).run(sink);
    }

    /** The packs in {@code root}, by number: files named {@code NNNNNNNN<suffix>}. */
    static java.util.TreeMap<Integer, Path> packsIn(Path root, String suffix) throws IOException {
        java.util.TreeMap<Integer, Path> found = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(root)) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (n.length() == 8 + suffix.length() && n.endsWith(suffix)
                        && n.substring(0, 8).chars().allMatch(Character::isDigit)) {
                    found.put(Integer.parseInt(n.substring(0, 8)), p);
                }
            });
        }
        return found;
    }

    private Result run(Sink sink) throws IOException {
        long at = 0;
        long skipped = 0;
        Header pending = null; // told to the sink once the next record confirms where it ends
        boolean pendingProven = false;
        while (at < size) {
            Header h = header(at);
            if (h != null) {
                if (pending != null) {
                    sink.record(pending.id, pending.offset, pending.length, pending.frame);
                }
                pending = h;
                pendingProven = false;
                at = h.end();
                continue;
            }
            long from = at;
            if (pending != null && !pendingProven && !proven(pending)) {
                from = pending.offset; // its own length was the damage, most likely
            } else if (pending != null) {
                sink.record(pending.id, pending.offset, pending.length, pending.frame);
            }
            pending = null;
            Header next = resync(from + 1);
            if (next == null) {
                if (from < at) {
                    log.warn("cache pack {}: the record at offset {} is damaged and no good record follows; cutting"
                            + " {} bytes off", file, from, size - from);
                } else {
                    log.info("cutting a torn record off the end of {} at {} ({} bytes)", file, from, size - from);
                }
                return new Result(from, skipped);
            }
            log.warn("cache pack {}: damaged record at offset {}; skipped {} bytes to the next good record at {}",
                    file, from, next.offset - from, next.offset);
            skipped += next.offset - from;
            pending = next;
            pendingProven = true;
            at = next.end();
        }
        if (pending != null) {
            sink.record(pending.id, pending.offset, pending.length, pending.frame);
        }
        return new Result(at, skipped);
    }

    /** The record header at {@code at} if it is plausible and its frame starts with zstd's magic. */
    private Header header(long at) throws IOException {
        if (at + HEADER + 4 > size) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER + 4);
        readFully(b, at);
        b.flip();
        byte[] id = new byte[ChunkId.BYTES];
        b.get(id);
        int length = b.getInt();
        int frame = b.getInt();
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (length <= 0 || length > ChunkerParams.LARGEST || frame <= 4 || frame > MAX_FRAME
                || at + HEADER + frame > size || magic != MAGIC) {
            return null;
        }
        return new Header(ChunkId.of(id), at, length, frame);
    }

    /** True when {@code h}'s frame decompresses to exactly its length in bytes, hashing to its id. */
    private boolean proven(Header h) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(h.frame);
        readFully(frame, h.offset + HEADER);
        byte[] plain = new byte[h.length];
        try {
            long n = Zstd.decompressByteArray(plain, 0, h.length, frame.array(), 0, h.frame);
            return n == h.length && new Sha256().digest(plain, 0, h.length).equals(h.id);
        } catch (RuntimeException e) {
            return false; // zstd reports a malformed frame by throwing
        }
    }

    /** The first proven record whose header starts at or after {@code from}, or null. */
    private Header resync(long from) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        long pos = from + HEADER; // where a candidate's frame, and so the magic, would start
        while (pos + 4 <= size) {
            block.clear().limit((int) Math.min(BLOCK, size - pos));
            readFully(block, pos);
            int n = block.position();
            for (int i = 0; i + 4 <= n; i++) {
                if (block.getInt(i) == MAGIC) {
                    Header h = header(pos + i - HEADER);
                    if (h != null && proven(h)) {
                        return h;
                    }
                }
            }
            pos += n - 3; // a magic number may straddle two blocks
        }
        return null;
    }

    private void readFully(ByteBuffer b, long at) throws IOException {
        long start = at - b.position();
        while (b.hasRemaining()) {
            if (ch.read(b, start + b.position()) < 0) {
                throw new IOException("cache pack " + file + " ended early");
            }
        }
    }
}
