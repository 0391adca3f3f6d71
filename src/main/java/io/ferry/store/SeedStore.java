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
 * verification (the file changed or vanished) is never returned. Thread-safe; close it to close the
 * files it opened.
 */
public final class SeedStore implements ChunkStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeedStore.class);
    private static final int PLACES = 4;

    private record Location(Seed seed, long offset, int length) {
    }

    private final Map<ChunkId, List<Location>> index;
    private final Map<Path, FileChannel> open = new ConcurrentHashMap<>();
    private final Set<Path> unreadable = ConcurrentHashMap.newKeySet();

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
                    at.add(new Location(seed, c.offset(i), c.length(i)));
                }
            });
        }
    }

    @Override
    public int length(ChunkId id) {
        List<Location> at = index.get(id);
        return at == null || at.isEmpty() ? -1 : at.get(0).length();
    }

    @Override
    public Origin read(ChunkId id, int length, byte[] dst) throws IOException {
        List<Location> places = index.get(id);
        if (places == null) {
            throw MissingChunkException.notIn(id, this);
        }
        for (Location at : places) {
            if (readAt(at, length, dst) && new Sha256().digest(dst, 0, length).equals(id)) {
                return Origin.SEED;
            }
            log.debug("seed {} no longer holds chunk {} at {}", at.seed().file(), id, at.offset());
        }
        throw new CorruptChunkException(id, this);
    }

    private boolean readAt(Location at, int length, byte[] dst) throws IOException {
        Path file = at.seed().file();
        if (unreadable.contains(file) || length != at.length()) {
            return false;
        }
        FileChannel ch;
        try {
            ch = open.computeIfAbsent(file, f -> {
                try {
                    return FileChannel.open(f, StandardOpenOption.READ);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException) && Files.exists(file)) {
                log.warn("cannot read seed {}: {}", file, e.getCause().getMessage());
            }
            unreadable.add(file);
            return false;
        }
        ByteBuffer buf = ByteBuffer.wrap(dst, 0, length);
        long pos = at.offset();
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                return false;
            }
            pos += n;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        for (FileChannel ch : open.values()) {
            ch.close();
        }
    }

    @Override
    public String toString() {
        return "the seed files";
    }
}
