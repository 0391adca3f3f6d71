package io.ferry.store;

import com.github.luben.zstd.Zstd;
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
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CacheStore keeps chunks in append-only pack files, {@code <root>/NNNNNNNN.pack}. Each record is a
 * chunk's 32-byte id, its length and its compressed length (u32 each), then the chunk as one zstd
 * frame: exactly a casync chunk file's bytes, so the node still serves every chunk at casync's URLs,
 * straight from the pack with sendfile.
 *
 * <p>Why packs: one file per chunk cost ~0.25-0.35 ms of kernel time per file on this project's machines
 * (a 2 GiB image has 27,000 chunks: 7-9 CPU-seconds, as much as everything else a delivery does), and
 * it was what limited a delivery to half of a 100 Mbit/s link. Appending costs next to nothing.
 *
 * <p>The index (id → pack, offset) lives in memory and is rebuilt at start by reading the record
 * headers (a torn record at a pack's end, from a crash, is cut off). Removing a chunk appends a
 * tombstone naming its record to {@code deleted}; {@link #compact} rewrites packs that are mostly dead
 * and so gives the space back. Last use (the LRU signal) is kept in memory; after a restart it starts
 * from the pack's modification time. Every read decompresses and re-hashes; a record that does not
 * match its name is dropped and reported corrupt. Thread-safe.
 */
public final class CacheStore implements PrunableChunkStore {
    private static final Logger log = LoggerFactory.getLogger(CacheStore.class);
    /** Level 1: the cache is local disk, not the scarce network; level 3 cost 2-3x the CPU here. */
    private static final int LEVEL = 1;
    private static final int HEADER = ChunkId.BYTES + 8;
    /** A pack is sealed and a new one started past this size. */
    private static final long PACK_BYTES = 1L << 30;
    private static final String SUFFIX = ".pack";

    private final Path root;
    private final java.time.Clock clock;
    private final Map<ChunkId, Loc> index = new ConcurrentHashMap<>();
    private final Map<Integer, FileChannel> packs = new ConcurrentHashMap<>();
    /** Dead bytes per pack (records removed or superseded), for compaction. */
    private final Map<Integer, Long> dead = new ConcurrentHashMap<>();
    private final Object appendLock = new Object();
    private int active = -1;
    private long activeSize;
    private FileChannel tombstones;

    /** Where one chunk's record is; lastUsed is the LRU signal. */
    private static final class Loc {
        final int pack;
        final long offset;
        final int length;
        final int frameLength;
        volatile long lastUsed;

        Loc(int pack, long offset, int length, int frameLength, long lastUsed) {
            this.pack = pack;
            this.offset = offset;
            this.length = length;
            this.frameLength = frameLength;
            this.lastUsed = lastUsed;
        }

        long recordBytes() {
            return HEADER + (long) frameLength;
        }
    }

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
        load();
    }

    public Path root() {
        return root;
    }

    private Path packPath(int n) {
        return root.resolve(String.format("%08d%s", n, SUFFIX));
    }

    private void load() throws IOException {
        TreeMap<Integer, Path> found = new TreeMap<>();
        try (Stream<Path> s = Files.list(root)) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (n.length() == 8 + SUFFIX.length() && n.endsWith(SUFFIX) && n.substring(0, 8).chars().allMatch(Character::isDigit)) {
                    found.put(Integer.parseInt(n.substring(0, 8)), p);
                }
            });
        }
        ByteBuffer head = ByteBuffer.allocate(HEADER);
        byte[] id = new byte[ChunkId.BYTES];
        for (Map.Entry<Integer, Path> e : found.entrySet()) {
            int pack = e.getKey();
            long mtime = Files.getLastModifiedTime(e.getValue()).toMillis();
            FileChannel ch = channel(pack);
            long size = ch.size();
            long at = 0;
            while (at + HEADER <= size) {
                head.clear();
                readFully(ch, head, at);
                head.flip().get(id);
                int length = head.getInt();
                int frame = head.getInt();
                if (length <= 0 || length > io.ferry.chunk.ChunkerParams.LARGEST || frame <= 0 || at + HEADER + frame > size) {
                    break;
                }
                index(ChunkId.of(id), new Loc(pack, at, length, frame, mtime));
                at += HEADER + (long) frame;
            }
            if (at < size) {
                log.info("cutting a torn record off the end of {} at {}", e.getValue(), at);
                ch.truncate(at);
            }
            active = pack;
            activeSize = at;
        }
        loadTombstones();
        OldLayout.migrate(root, this);
    }

    private void loadTombstones() throws IOException {
        Path file = root.resolve("deleted");
        tombstones = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = tombstones.size() / 12 * 12;
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, 1 << 30));
        readFully(tombstones, b, 0);
        b.flip();
        java.util.Set<String> gone = new java.util.HashSet<>();
        while (b.remaining() >= 12) {
            gone.add(b.getInt() + ":" + b.getLong());
        }
        if (!gone.isEmpty()) {
            index.values().removeIf(l -> {
                if (gone.contains(l.pack + ":" + l.offset)) {
                    dead.merge(l.pack, l.recordBytes(), Long::sum);
                    return true;
                }
                return false;
            });
        }
        tombstones.truncate(size);
        tombstones.position(size);
    }

    private void index(ChunkId id, Loc loc) {
        Loc old = index.put(id, loc);
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
        Loc l = index.get(id);
        return l == null ? null : new Region(packPath(l.pack), l.offset + HEADER, l.frameLength);
    }

    @Override
    public int length(ChunkId id) {
        Loc l = index.get(id);
        return l == null ? -1 : l.length;
    }

    public boolean has(ChunkId id) {
        return index.containsKey(id);
    }

    @Override
    public void put(ChunkId id, byte[] data, int off, int len) throws IOException {
        Loc known = index.get(id);
        if (known != null) {
            known.lastUsed = clock.millis();
            return;
        }
        byte[] frame = Zstd.compress(java.util.Arrays.copyOfRange(data, off, off + len), LEVEL);
        ByteBuffer record = ByteBuffer.allocate(HEADER + frame.length);
        id.copyTo(record.array(), 0);
        record.position(ChunkId.BYTES);
        record.putInt(len).putInt(frame.length).put(frame).flip();
        synchronized (appendLock) {
            if (index.containsKey(id)) {
                return;
            }
            if (active < 0 || activeSize >= PACK_BYTES) {
                active = active + 1;
                activeSize = 0;
            }
            FileChannel ch = channel(active);
            long at = activeSize;
            while (record.hasRemaining()) {
                ch.write(record, at + record.position());
            }
            activeSize += record.limit();
            index(id, new Loc(active, at, len, frame.length, clock.millis()));
        }
    }

    @Override
    public Origin read(ChunkId id, int length, byte[] dst) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            Loc l = index.get(id);
            if (l == null || l.length != length) {
                throw MissingChunkException.notIn(id, this);
            }
            byte[] frame = new byte[l.frameLength];
            try {
                readFully(channel(l.pack), ByteBuffer.wrap(frame), l.offset + HEADER);
            } catch (ClosedChannelException e) {
                continue; // compaction moved it meanwhile: look it up again
            }
            boolean good;
            try {
                long n = Zstd.decompressByteArray(dst, 0, length, frame, 0, frame.length);
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
            return Origin.CACHE;
        }
        throw MissingChunkException.notIn(id, this);
    }

    @Override
    public long delete(ChunkId id) throws IOException {
        synchronized (appendLock) {
            Loc l = index.remove(id);
            if (l == null) {
                return 0;
            }
            ByteBuffer b = ByteBuffer.allocate(12).putInt(l.pack).putLong(l.offset).flip();
            while (b.hasRemaining()) {
                tombstones.write(b);
            }
            dead.merge(l.pack, l.recordBytes(), Long::sum);
            return l.recordBytes();
        }
    }

    /**
     * Rewrites every sealed pack that is at least half dead (every one with any dead record when
     * {@code thorough}), moving its live records to the end of the active pack, then deletes it, so
     * the disk space of removed chunks comes back.
     */
    @Override
    public void compact(boolean thorough) throws IOException {
        synchronized (appendLock) {
            for (int pack : new java.util.TreeSet<>(packs.keySet())) {
                long deadBytes = dead.getOrDefault(pack, 0L);
                if (deadBytes == 0 || (!thorough && deadBytes * 2 < channel(pack).size())) {
                    continue;
                }
                if (pack == active) {
                    active++; // its live records move to a fresh pack like any other's
                    activeSize = 0;
                }
                rewrite(pack);
            }
            // no tombstone refers to a record that still exists
            tombstones.truncate(0);
            tombstones.position(0);
            dead.keySet().retainAll(packs.keySet());
        }
    }

    private void rewrite(int pack) throws IOException {
        FileChannel from = channel(pack);
        List<Map.Entry<ChunkId, Loc>> live = new ArrayList<>();
        for (Map.Entry<ChunkId, Loc> e : index.entrySet()) {
            if (e.getValue().pack == pack) {
                live.add(e);
            }
        }
        for (Map.Entry<ChunkId, Loc> e : live) {
            Loc l = e.getValue();
            if (activeSize >= PACK_BYTES) {
                active++;
                activeSize = 0;
            }
            FileChannel to = channel(active);
            long at = activeSize;
            long moved = 0;
            while (moved < l.recordBytes()) {
                moved += from.transferTo(l.offset + moved, l.recordBytes() - moved, to.position(at + moved));
            }
            activeSize += moved;
            index.put(e.getKey(), new Loc(active, at, l.length, l.frameLength, l.lastUsed));
        }
        packs.remove(pack);
        dead.remove(pack);
        from.close();
        Files.deleteIfExists(packPath(pack));
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

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("a cache pack ended early");
            }
        }
    }

    @Override
    public String toString() {
        return "cache " + root;
    }

    /** Forces every pack and the tombstones to disk, and the cache directory (new packs), so what was put survives a crash. */
    public void sync() throws IOException {
        synchronized (appendLock) {
            for (FileChannel ch : packs.values()) {
                ch.force(false);
            }
            if (tombstones != null) {
                tombstones.force(false);
            }
        }
        try (FileChannel dir = FileChannel.open(root, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
