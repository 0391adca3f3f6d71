package io.ferry.store;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CacheStore keeps chunks in append-only pack files, {@code <root>/NNNNNNNN.pack}. Each record is a
 * chunk's 32-byte id, its length and its compressed length (u32 each), then the chunk as one zstd
 * frame: exactly a casync chunk file's bytes, so the node serves every chunk at casync's URLs as it is
 * stored, once verified ({@link #verifiedFrame}).
 *
 * <p>Why packs: one file per chunk cost ~0.25-0.35 ms of kernel time per file on this project's machines
 * (a 2 GiB image has 27,000 chunks: 7-9 CPU-seconds, as much as everything else a delivery does), and
 * it was what limited a delivery to half of a 100 Mbit/s link. Appending costs next to nothing.
 *
 * <p>The index (id → pack, offset) lives in memory and is rebuilt at start by reading the record
 * headers; damage costs only the records it hit, and a torn record at a pack's end is cut off
 * ({@link PackScan}). Removing a chunk appends a tombstone naming its record to {@code deleted}
 * ({@link Tombstones}); {@link #compact} rewrites packs that are mostly dead and so gives the space
 * back, on a full disk too. A full disk is reported as a {@link NoSpaceException} that says why. Last use (the LRU signal) is kept in memory; after a restart it starts
 * from the pack's modification time. Every read decompresses and re-hashes; a record that does not
 * match its name is dropped and reported corrupt. Thread-safe.
 */
public final class CacheStore implements PrunableChunkStore {
    private static final Logger log = LoggerFactory.getLogger(CacheStore.class);
    /** Level 1: the cache is local disk, not the scarce network; level 3 cost 2-3x the CPU here. */
    private static final int LEVEL = 1;
    private static final int HEADER = PackScan.HEADER;
    private static final String SUFFIX = ".pack";

    private final Path root;
    private final java.time.Clock clock;
    private final Map<ChunkId, PackRecord> index = new ConcurrentHashMap<>();
    private final Map<Integer, FileChannel> packs = new ConcurrentHashMap<>();
    /** Dead bytes per pack (records removed or superseded), for compaction. */
    private final Map<Integer, Long> dead = new ConcurrentHashMap<>();
    private final Object appendLock = new Object();
    private int active = -1;
    private long activeSize;
    private final long packBytes;
    /** The cache never fills the last this many bytes of its file system, so that rm and gc can run. */
    private final long headroom;
    private final java.nio.file.FileStore space;
    private Tombstones tombstones;
    private final ZstdContexts zstd = new ZstdContexts(LEVEL, 16);

    /** Where a chunk's zstd frame lies on disk, for sending it as it is. */
    public record Region(Path file, long offset, long length) {
    }

    public CacheStore(Path root) throws IOException {
        this(root, java.time.Clock.systemUTC());
    }

    /** @param clock when chunks were last used, by the node's clock: what eviction goes by */
    public CacheStore(Path root, java.time.Clock clock) throws IOException {
        this.clock = clock;
        this.root = Files.createDirectories(root);
        this.space = Files.getFileStore(root);
        this.packBytes = Reserve.packBytesFor(space.getTotalSpace()); // a pack is sealed past this
        this.headroom = Reserve.bytesFor(space.getTotalSpace());
        load();
    }

    public Path root() {
        return root;
    }

    private Path packPath(int n) {
        return root.resolve(String.format("%08d%s", n, SUFFIX));
    }

    private void load() throws IOException {
        TreeMap<Integer, Path> found = PackScan.packsIn(root, SUFFIX);
        for (Map.Entry<Integer, Path> e : found.entrySet()) {
            int pack = e.getKey();
            long mtime = Files.getLastModifiedTime(e.getValue()).toMillis();
            FileChannel ch = channel(pack);
            PackScan.Result r = PackScan.scan(ch, e.getValue(),
                    (id, offset, length, frame) -> index(id, new PackRecord(pack, offset, length, frame, mtime)));
            if (r.end() < ch.size()) {
                ch.truncate(r.end());
            }
            if (r.skipped() > 0) {
                dead.merge(pack, r.skipped(), Long::sum);
            }
            active = pack;
            activeSize = r.end();
        }
        tombstones = new Tombstones(root.resolve("deleted"));
        java.util.Set<String> gone = tombstones.load();
        index.values().removeIf(l -> gone.contains(l.pack + ":" + l.offset)
                && dead.merge(l.pack, l.recordBytes(), Long::sum) > 0);
        OldLayout.migrate(root, this);
    }

    private void index(ChunkId id, PackRecord loc) {
        PackRecord old = index.put(id, loc);
        if (old != null) {
            dead.merge(old.pack, old.recordBytes(), Long::sum);
        }
    }

    private FileChannel channel(int pack) throws IOException {
        FileChannel ch = packs.get(pack);
        if (ch == null) {
            synchronized (packs) {
                ch = packs.get(pack);
                if (ch == null) {
                    ch = FileChannel.open(packPath(pack), StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                    packs.put(pack, ch);
                }
            }
        }
        return ch;
    }

    /** Where chunk {@code id}'s zstd frame is, or null when it is not cached. */
    public Region locate(ChunkId id) {
        PackRecord l = index.get(id);
        return l == null ? null : new Region(packPath(l.pack), l.offset + HEADER, l.frameLength);
    }

    @Override
    public int length(ChunkId id) {
        PackRecord l = index.get(id);
        return l == null ? -1 : l.length;
    }

    public boolean has(ChunkId id) {
        return index.containsKey(id);
    }

    @Override
    public void put(ChunkId id, byte[] data, int off, int len) throws IOException {
        PackRecord known = index.get(id);
        if (known != null) {
            known.lastUsed = clock.millis();
            return;
        }
        byte[] frame = zstd.compress(data, off, len);
        ByteBuffer record = ByteBuffer.allocate(HEADER + frame.length);
        id.copyTo(record.array(), 0);
        record.position(ChunkId.BYTES);
        record.putInt(len).putInt(frame.length).put(frame).flip();
        synchronized (appendLock) {
            if (index.containsKey(id)) {
                return;
            }
            if (active < 0 || activeSize >= packBytes) {
                active = active + 1;
                activeSize = 0;
            }
            if (space.getUsableSpace() - record.limit() < headroom) { // one statvfs: next to nothing per chunk
                throw noSpace(packPath(active), null);
            }
            FileChannel ch = channel(active);
            long at = activeSize;
            try {
                while (record.hasRemaining()) {
                    ch.write(record, at + record.position());
                }
            } catch (IOException e) {
                ch.truncate(at); // no half record left for the next one to follow
                throw NoSpaceException.isNoSpace(e) ? noSpace(packPath(active), e) : e;
            }
            activeSize += record.limit();
            index(id, new PackRecord(active, at, len, frame.length, clock.millis()));
        }
    }

    @Override
    public Origin read(ChunkId id, int length, byte[] dst) throws IOException {
        verified(id, length, dst);
        return Origin.CACHE;
    }

    /**
     * Chunk {@code id}'s zstd frame as stored (a casync chunk file's bytes), returned only after it was
     * decompressed and found to hash to {@code id}: nothing that does not match its name is ever served.
     * A copy that does not is dropped and reported as {@link CorruptChunkException}.
     */
    public byte[] verifiedFrame(ChunkId id) throws IOException {
        int length = length(id);
        if (length <= 0) {
            throw MissingChunkException.notIn(id, this);
        }
        return verified(id, length, new byte[length]);
    }

    /** Reads chunk {@code id} into {@code dst} and verifies it; returns its frame. */
    private byte[] verified(ChunkId id, int length, byte[] dst) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            PackRecord l = index.get(id);
            if (l == null || l.length != length) {
                throw MissingChunkException.notIn(id, this);
            }
            byte[] frame = new byte[l.frameLength];
            try {
                PackRecord.readFully(channel(l.pack), ByteBuffer.wrap(frame), l.offset + HEADER);
            } catch (ClosedChannelException e) {
                continue; // compaction moved it meanwhile: look it up again
            }
            boolean good;
            try {
                long n = zstd.decompress(dst, length, frame);
                good = n == length && new Sha256().digest(dst, 0, length).equals(id);
            } catch (RuntimeException e) {
                good = false;
            }
            if (!good) {
                log.warn("cached chunk {} does not match its name; dropping it", id);
                delete(id);
                throw new CorruptChunkException(id, this);
            }
            l.lastUsed = clock.millis();
            return frame;
        }
        throw MissingChunkException.notIn(id, this);
    }

    @Override
    public long delete(ChunkId id) throws IOException {
        synchronized (appendLock) {
            PackRecord l = index.remove(id);
            if (l == null) {
                return 0;
            }
            tombstones.add(l.pack, l.offset);
            dead.merge(l.pack, l.recordBytes(), Long::sum);
            return l.recordBytes();
        }
    }

    /**
     * Gives back the disk space of removed chunks, on a full disk too. Packs go in the order that frees
     * the most for the least copying: wholly dead ones first, deleted (or, the active one, cut to nothing)
     * without writing anything; the active pack's dead tail is cut off; the others have their live records
     * moved to the active pack and are deleted. Only packs at least half dead are done unless
     * {@code thorough}. When space runs out while moving a record, that record stays where it was (no half
     * copy is indexed) and compaction stops, saying what it gave back. Returns the bytes given back.
     */
    @Override
    public long compact(boolean thorough) throws IOException {
        synchronized (appendLock) {
            long before = diskBytes();
            Map<Integer, Long> live = new java.util.HashMap<>();
            Map<Integer, Long> end = new java.util.HashMap<>();
            for (PackRecord l : index.values()) {
                live.merge(l.pack, l.recordBytes(), Long::sum);
                end.merge(l.pack, l.offset + l.recordBytes(), Math::max);
            }
            List<Integer> order = new ArrayList<>();
            for (int pack : packs.keySet()) {
                long deadBytes = dead.getOrDefault(pack, 0L);
                if (deadBytes > 0 && (thorough || deadBytes * 2 >= channel(pack).size())) {
                    order.add(pack);
                }
            }
            order.sort(java.util.Comparator.comparingDouble(p -> -(double) dead.get(p) / (1 + live.getOrDefault(p, 0L))));
            boolean stopped = false;
            for (int pack : order) {
                if (pack == active) {
                    long tail = end.getOrDefault(pack, 0L); // nothing live past here: cut, no write needed
                    if (tail < activeSize) {
                        channel(pack).truncate(tail);
                        dead.merge(pack, tail - activeSize, Long::sum);
                        activeSize = tail;
                    }
                    if (dead.getOrDefault(pack, 0L) <= 0) {
                        dead.remove(pack);
                        continue;
                    }
                    active++; // its live records move to a fresh pack like any other's
                    activeSize = 0;
                }
                if (!rewrite(pack)) {
                    stopped = true;
                    break;
                }
            }
            dead.keySet().retainAll(packs.keySet());
            tombstones.retain(packs.keySet());
            long freed = before - diskBytes();
            if (stopped) {
                log.warn("compaction of {} stopped: no space left on device to move more live records; gave back {}"
                        + " so far, run gc again for more", root, NoSpaceException.bytes(freed));
            }
            return freed;
        }
    }

    /** Moves pack {@code pack}'s live records to the active pack and deletes it; false if space ran out. */
    private boolean rewrite(int pack) throws IOException {
        FileChannel from = channel(pack);
        List<Map.Entry<ChunkId, PackRecord>> live = new ArrayList<>();
        for (Map.Entry<ChunkId, PackRecord> e : index.entrySet()) {
            if (e.getValue().pack == pack) {
                live.add(e);
            }
        }
        for (Map.Entry<ChunkId, PackRecord> e : live) {
            PackRecord l = e.getValue();
            if (activeSize >= packBytes) {
                active++;
                activeSize = 0;
            }
            FileChannel to = channel(active);
            long at = activeSize;
            long moved = 0;
            try {
                while (moved < l.recordBytes()) {
                    moved += from.transferTo(l.offset + moved, l.recordBytes() - moved, to.position(at + moved));
                }
            } catch (IOException ex) {
                to.truncate(at);
                if (!NoSpaceException.isNoSpace(ex)) {
                    throw ex;
                }
                return false;
            }
            activeSize += moved;
            index.put(e.getKey(), new PackRecord(active, at, l.length, l.frameLength, l.lastUsed));
            dead.merge(pack, l.recordBytes(), Long::sum); // its old copy, should this pack stay
        }
        packs.remove(pack);
        dead.remove(pack);
        from.close();
        Files.deleteIfExists(packPath(pack));
        return true;
    }

    /** The one-line account of a full disk met writing {@code file}. */
    private NoSpaceException noSpace(Path file, IOException cause) throws IOException {
        long deadBytes = dead.values().stream().mapToLong(Long::longValue).sum();
        return NoSpaceException.writing(file, cause, root.getParent(), diskBytes(), packs.size(), deadBytes,
                headroom);
    }

    @Override
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(index.size());
        index.forEach((id, l) -> out.add(new Entry(id, l.recordBytes(), l.lastUsed)));
        return out;
    }

    /** Bytes the pack files take on disk (live and dead records). */
    public long diskBytes() throws IOException {
        long n = 0;
        for (FileChannel ch : packs.values()) {
            n += ch.size();
        }
        return n;
    }

    /** Closes the pack files; the store is not to be used after. */
    public void close() throws IOException {
        synchronized (appendLock) {
            for (FileChannel ch : packs.values()) {
                ch.close();
            }
            tombstones.close();
            zstd.close();
        }
    }

    @Override
    public String toString() {
        return "cache " + root;
    }

    /** Forces the packs, the tombstones and the directory to disk: what was put survives a power loss. */
    public void sync() throws IOException {
        synchronized (appendLock) {
            for (FileChannel ch : packs.values()) {
                ch.force(false);
            }
            tombstones.force();
        }
        try (FileChannel dir = FileChannel.open(root, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
