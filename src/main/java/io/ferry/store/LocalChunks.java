package io.ferry.store;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import java.io.IOException;
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
 * LocalChunks is every place on this node a wanted chunk can be read from, cheapest first: seed files
 * (a plain positional read) before the cache (read plus decompression). It indexes only the chunks it
 * is asked about, so its memory follows the wanted image, not everything the node holds. A seed copy
 * that fails verification (the file changed or vanished) is skipped, never returned. Thread-safe.
 */
public final class LocalChunks implements ChunkSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalChunks.class);

    private record Location(Seed seed, long offset, int length) {
    }

    private final Map<ChunkId, List<Location>> seedLocations;
    private final CacheStore cache;
    private final Map<Path, FileChannel> open = new ConcurrentHashMap<>();
    private final Set<Path> unreadable = ConcurrentHashMap.newKeySet();

    private LocalChunks(Map<ChunkId, List<Location>> seedLocations, CacheStore cache) {
        this.seedLocations = seedLocations;
        this.cache = cache;
    }

    /** Indexes where each non-zero chunk of {@code wanted} lies among {@code seeds}. */
    public static LocalChunks of(ChunkList wanted, List<Seed> seeds, CacheStore cache) {
        Map<ChunkId, List<Location>> index = new HashMap<>();
        for (int i = 0; i < wanted.count(); i++) {
            if (!wanted.isZero(i)) {
                index.putIfAbsent(wanted.id(i), new ArrayList<>(1));
            }
        }
        return index(index, seeds, cache);
    }

    /**
     * Indexes every non-zero chunk of every seed: the view a node serves its peers from, built once
     * and reused until the node's images change.
     */
    public static LocalChunks ofAll(List<Seed> seeds, CacheStore cache) {
        Map<ChunkId, List<Location>> index = new HashMap<>();
        for (Seed seed : seeds) {
            ChunkList c = seed.chunks();
            for (int i = 0; i < c.count(); i++) {
                if (!c.isZero(i)) {
                    List<Location> at = index.computeIfAbsent(c.id(i), k -> new ArrayList<>(1));
                    if (at.size() < 4) {
                        at.add(new Location(seed, c.offset(i), c.length(i)));
                    }
                }
            }
        }
        return new LocalChunks(index, cache);
    }

    private static LocalChunks index(Map<ChunkId, List<Location>> index, List<Seed> seeds, CacheStore cache) {
        for (Seed seed : seeds) {
            ChunkList c = seed.chunks();
            for (int i = 0; i < c.count(); i++) {
                if (!c.isZero(i)) {
                    List<Location> at = index.get(c.id(i));
                    if (at != null && at.size() < 4) {
                        at.add(new Location(seed, c.offset(i), c.length(i)));
                    }
                }
            }
        }
        index.values().removeIf(List::isEmpty);
        return new LocalChunks(index, cache);
    }

    /** The length of chunk {@code id} if this node has it somewhere; -1 otherwise. */
    public int lengthOf(ChunkId id) throws IOException {
        List<Location> at = seedLocations.get(id);
        return at != null && !at.isEmpty() ? at.get(0).length() : cache.length(id);
    }

    @Override
    public Origin read(ChunkId id, int length, byte[] dst) throws IOException {
        for (Location at : seedLocations.getOrDefault(id, List.of())) {
            if (readSeed(at, length, dst) && new Sha256().digest(dst, 0, length).equals(id)) {
                return Origin.SEED;
            }
            log.debug("seed {} no longer holds chunk {} at {}", at.seed().file(), id, at.offset());
        }
        return cache.read(id, length, dst);
    }

    private boolean readSeed(Location at, int length, byte[] dst) throws IOException {
        Path file = at.seed().file();
        if (unreadable.contains(file)) {
            return false;
        }
        FileChannel ch;
        try {
            ch = open.computeIfAbsent(file, f -> {
                try {
                    return FileChannel.open(f, StandardOpenOption.READ);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
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
}
