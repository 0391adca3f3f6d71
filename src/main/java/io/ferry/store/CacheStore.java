package io.ferry.store;

import com.github.luben.zstd.Zstd;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CacheStore keeps chunks as zstd files, {@code <root>/<2 hex>/<64 hex>.cacnk}: each file is a casync
 * chunk, and the node serves them at casync's URLs ({@code /<4 hex>/<64 hex>.cacnk}). On disk the
 * fan-out is 256 directories, not casync's 65,536: with a directory per 4 hex digits, nearly every
 * new chunk of a delivery created a directory too, which doubled the cost of caching (measured:
 * docs/benchmarks.md). Writes go to a temporary file that is
 * renamed into place, so a reader never sees half a chunk; a chunk that already exists is only
 * touched. A file's mtime is its last use (the LRU signal for eviction). Every read decompresses and
 * re-hashes; a file that does not match its name is deleted and reported missing. Thread-safe.
 */
public final class CacheStore implements ChunkSource {
    private static final Logger log = LoggerFactory.getLogger(CacheStore.class);
    static final String SUFFIX = ".cacnk";
    /** Level 1: the cache is local disk, not the scarce network; level 3 cost 2-3x the CPU here. */
    private static final int LEVEL = 1;

    private final Path root;
    /** Fan-out directories known to exist: creating one per chunk cost a mkdir each time. */
    private final java.util.Set<Path> dirs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public CacheStore(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    public Path root() {
        return root;
    }

    /** The file chunk {@code id} is (or would be) stored in. */
    public Path fileOf(ChunkId id) {
        return path(id);
    }

    /** The uncompressed length of cached chunk {@code id}, from its zstd frame header; -1 when absent. */
    public int length(ChunkId id) throws IOException {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(path(id))) {
            head = in.readNBytes(18);
        } catch (NoSuchFileException e) {
            return -1;
        }
        long n = Zstd.getFrameContentSize(head);
        return n > 0 && n <= Integer.MAX_VALUE ? (int) n : -1;
    }

    Path path(ChunkId id) {
        String hex = id.toString();
        return root.resolve(hex.substring(0, 2)).resolve(hex + SUFFIX);
    }

    public boolean has(ChunkId id) {
        return Files.isRegularFile(path(id));
    }

    /** Stores {@code data[off, off+len)}, which the caller has verified to be chunk {@code id}. */
    public void put(ChunkId id, byte[] data, int off, int len) throws IOException {
        Path target = path(id);
        if (Files.exists(target)) {
            touch(target);
            return;
        }
        byte[] compressed = Zstd.compress(java.util.Arrays.copyOfRange(data, off, off + len), LEVEL);
        Path dir = target.getParent();
        if (!dirs.contains(dir)) {
            Files.createDirectories(dir);
            dirs.add(dir);
        }
        Path tmp = dir.resolve("." + id + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.write(tmp, compressed);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    @Override
    public Origin read(ChunkId id, int length, byte[] dst) throws IOException {
        Path p = path(id);
        byte[] compressed;
        try {
            compressed = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return null;
        }
        boolean good;
        try {
            long n = Zstd.decompressByteArray(dst, 0, length, compressed, 0, compressed.length);
            good = n == length && new Sha256().digest(dst, 0, length).equals(id);
        } catch (RuntimeException e) {
            good = false;
        }
        if (!good) {
            log.info("cached chunk {} does not match its name; deleting it", id);
            Files.deleteIfExists(p);
            return null;
        }
        touch(p);
        return Origin.CACHE;
    }

    /** Deletes a chunk; returns the bytes freed on disk. */
    public long delete(ChunkId id) throws IOException {
        dirs.clear(); // gc may remove emptied directories; relearn them
        Path p = path(id);
        try {
            long size = Files.size(p);
            Files.delete(p);
            return size;
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** One cached chunk file as eviction sees it. */
    public record Entry(ChunkId id, long bytes, long lastUsedMillis) {
    }

    /** Every chunk file in the cache; leftover temporary files from a crash are removed on the way. */
    public List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        String n = f.getFileName().toString();
                        if (n.endsWith(".tmp")) {
                            Files.deleteIfExists(f);
                        } else if (n.endsWith(SUFFIX) && n.length() == 64 + SUFFIX.length()) {
                            try {
                                out.add(new Entry(ChunkId.parseHex(n.substring(0, 64)), Files.size(f),
                                        Files.getLastModifiedTime(f).toMillis()));
                            } catch (IllegalArgumentException | NoSuchFileException ignored) {
                                // not one of ours, or deleted meanwhile
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // the LRU signal is advisory; a failed touch must not fail a read
        }
    }

    @Override
    public String toString() {
        return "cache " + root;
    }
}
