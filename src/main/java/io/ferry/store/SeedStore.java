package io.ferry.store;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SeedStore reads chunks in place from image files (seeds): a plain positional read and a hash, no
 * copy. It indexes only the chunks it is built for, at most four places each. A copy that fails
 * verification is never returned; a seed replaced or changed since it was opened is reopened before
 * it is read, and a chunk whose every file has vanished is missing rather than corrupt. A seed still being
 * written (a delivery's partial output, {@link Seed#growing}) offers only the chunks already written in it.
 * Thread-safe; close it to close the files it opened.
 */
public final class SeedStore implements ChunkStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeedStore.class);
    private static final int PLACES = 4;

    private record Location(Seed seed, int index, long offset, int length) {
    }

    private final Map<ChunkId, List<Location>> index;
    private final Map<Path, Opened> open = new ConcurrentHashMap<>();
    /** Files already warned about, so an unreadable seed is one line in the log, not one per chunk. */
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();

    private SeedStore(Map<ChunkId, List<Location>> index) {
        this.index = index;
    }

    /** Where each non-zero chunk of {@code wanted} lies among {@code seeds}: memory follows the image wanted. */
    public static SeedStore of(ChunkList wanted, List<Seed> seeds) {
        Map<ChunkId, List<Location>> index = new HashMap<>();
        wanted.forEachNonZero((i, id) -> index.putIfAbsent(id, new ArrayList<>(1)));
        add(index, seeds, false);
        index.values().removeIf(List::isEmpty);
        return new SeedStore(index);
    }

    /** Every non-zero chunk of every seed: the view a node serves its peers from. */
    public static SeedStore ofAll(List<Seed> seeds) {
        Map<ChunkId, List<Location>> index = new HashMap<>();
        add(index, seeds, true);
        return new SeedStore(index);
    }

    private static void add(Map<ChunkId, List<Location>> index, List<Seed> seeds, boolean all) {
        for (Seed seed : seeds) {
            ChunkList c = seed.chunks();
            c.forEachNonZero((i, id) -> {
                List<Location> at = all ? index.computeIfAbsent(id, k -> new ArrayList<>(1)) : index.get(id);
                if (at != null && at.size() < PLACES) {
                    at.add(new Location(seed, i, c.offset(i), c.length(i)));
                }
            });
        }
    }

    @Override
    public int length(ChunkId id) {
        List<Location> at = index.get(id);
        for (Location l : at == null ? List.<Location>of() : at) {
            if (!l.seed().isGrowing() || l.seed().written().test(l.index())) {
                return l.length(); // a chunk a partial output does not hold yet is not named here
            }
        }
        return -1;
    }

    @Override
    public Origin read(ChunkId id, int length, byte[] dst) throws IOException {
        List<Location> places = index.get(id);
        if (places == null) {
            throw MissingChunkException.notIn(id, this);
        }
        boolean anyFile = false;
        for (Location at : places) {
            Read r = readAt(at, id, length, dst, true);
            if (r == Read.VERIFIED) {
                return Origin.SEED;
            }
            anyFile |= r == Read.WRONG;
            log.debug("seed {} no longer holds chunk {} at {}", at.seed().file(), id, at.offset());
        }
        if (!anyFile) {
            throw MissingChunkException.notIn(id, this); // every file it was in is gone: missing, not corrupt
        }
        throw new CorruptChunkException(id, this);
    }

    private enum Read { VERIFIED, WRONG, GONE }

    /**
     * Reads and verifies one place of chunk {@code id}. If the file at the path is no longer the one open
     * (replaced by {@code mv}, or written to since), the descriptor is stale: it is closed and the path
     * reopened first. Without this, a replaced seed would be read through the deleted file's descriptor
     * forever, and retries would never see the new file. The check is made before every read, not only
     * after a failed one, because the deleted file may still verify while the path holds other bytes;
     * it costs one stat (a microsecond or two) against tens of microseconds to hash a chunk.
     */
    private Read readAt(Location at, ChunkId id, int length, byte[] dst, boolean retry) {
        if (length != at.length()) {
            return Read.WRONG;
        }
        if (at.seed().isGrowing() && !at.seed().written().test(at.index())) {
            return Read.GONE; // not written yet: missing there, never corrupt
        }
        Path file = at.seed().file();
        Opened o = opened(file);
        if (o != null && o.isStale(file, at.seed().isGrowing())) {
            if (open.remove(file, o)) {
                closeQuietly(o.ch());
            }
            o = opened(file);
        }
        if (o == null) {
            return Read.GONE;
        }
        boolean good = readFully(o.ch(), at.offset(), length, dst) && new Sha256().digest(dst, 0, length).equals(id);
        if (!good && !o.ch().isOpen() && retry) {
            return readAt(at, id, length, dst, false); // another thread reopened it under this read
        }
        return good ? Read.VERIFIED : Read.WRONG;
    }

    /** The open descriptor of {@code file}, opened now if need be; null if the file cannot be opened. */
    private Opened opened(Path file) {
        try {
            return open.computeIfAbsent(file, f -> {
                try {
                    FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
                    return new Opened(ch, Files.readAttributes(f, BasicFileAttributes.class));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            // not remembered: the file may come back (an operator restoring it), and then it is read again
            if (!(e.getCause() instanceof NoSuchFileException) && warned.add(file)) {
                log.warn("cannot read seed {}: {}", file, e.getCause().getMessage());
            }
            return null;
        }
    }

    private static boolean readFully(FileChannel ch, long offset, int length, byte[] dst) {
        ByteBuffer buf = ByteBuffer.wrap(dst, 0, length);
        long pos = offset;
        try {
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    return false;
                }
                pos += n;
            }
            return true;
        } catch (IOException e) {
            return false; // closed by another thread's reopen, or an I/O error: the caller checks the path
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // a read-only descriptor: nothing is lost
        }
    }

    /** An open seed and the identity of the file it was opened on (inode, size, mtime). */
    private record Opened(FileChannel ch, BasicFileAttributes at) {
        /**
         * A file still being written changes its mtime with every chunk, so only another file at its path
         * makes its descriptor stale; when its path is gone the descriptor is kept, since the delivery's
         * rename onto the output keeps the inode (every read is verified, so a deleted file's bytes are
         * never served wrong either).
         */
        boolean isStale(Path file, boolean growing) {
            try {
                BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
                return !java.util.Objects.equals(now.fileKey(), at.fileKey())
                        || !growing && (now.size() != at.size() || !now.lastModifiedTime().equals(at.lastModifiedTime()));
            } catch (IOException e) {
                return !growing; // vanished: reopening says so
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Opened o : open.values()) {
            o.ch().close();
        }
    }

    @Override
    public String toString() {
        return "the seed files";
    }
}
