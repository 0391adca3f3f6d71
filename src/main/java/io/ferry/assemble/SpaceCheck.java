package io.ferry.assemble;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.Manifest;
import io.ferry.store.ChunkStore;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * SpaceCheck tells, before a delivery writes or fetches anything, whether the disks can take it, and
 * refuses with one line naming the image, the file system, what is needed, free and missing.
 *
 * <p>The estimates: the output is sparse, so it needs the image's non-zero bytes; a reused partial
 * file of the right size is taken to hold them already (Java cannot see its allocated blocks; if it
 * does not, the write that finds the disk full still fails naming the path). The cache needs room for
 * each distinct non-zero chunk no local store holds, counted at its raw length plus
 * {@link #RECORD_OVERHEAD}: the cache keeps chunks zstd-compressed, which is never larger than raw by
 * more than a frame's few bytes, so this is an upper bound that real images (which compress) stay well
 * under. When both live on one file system the two needs are added.
 */
public final class SpaceCheck {
    /** A pack record's header (44 bytes) plus a zstd frame's header and block headers, rounded up. */
    static final int RECORD_OVERHEAD = 64;
    private static final long MIB = 1 << 20;

    private SpaceCheck() {
    }

    /**
     * Refuses the delivery of {@code m} to {@code target} with the chunks {@code local} holds, the rest
     * to be fetched and cached under {@code cacheDir} (a {@code null} cacheDir: nothing will be fetched),
     * when a file system lacks room.
     */
    public static void check(Manifest m, OutputTarget target, ChunkStore local, Path cacheDir) throws IOException {
        Path out = target.path();
        Path part = Assembly.partFile(out);
        boolean device = target.kind() == OutputTarget.Kind.DEVICE; // its size is checked when it is claimed
        boolean reuse = Files.isRegularFile(part) && Files.size(part) == m.size();
        ChunkList c = m.chunks();
        long outputNeed = reuse || device ? 0 : m.size() - c.zeroBytes();
        long cacheNeed = 0;
        Set<ChunkId> seen = new HashSet<>();
        for (int i = 0; i < c.count() && cacheDir != null; i++) {
            if (!c.isZero(i) && local.length(c.id(i)) < 0 && seen.add(c.id(i))) {
                cacheNeed += c.length(i) + RECORD_OVERHEAD;
            }
        }
        Map<FileStore, Need> needs = new LinkedHashMap<>();
        Path outDir = out.getParent();
        if (!device) {
            needs.computeIfAbsent(Files.getFileStore(outDir), fs -> new Need(outDir)).bytes += outputNeed;
        }
        if (cacheNeed > 0) {
            Path cd = Files.isDirectory(cacheDir) ? cacheDir : cacheDir.getParent();
            needs.computeIfAbsent(Files.getFileStore(cd), fs -> new Need(cd)).bytes += cacheNeed;
        }
        for (Map.Entry<FileStore, Need> e : needs.entrySet()) {
            long free = e.getKey().getUsableSpace();
            long need = e.getValue().bytes;
            if (need > free) {
                throw new NotEnoughSpaceException("not enough space for image '" + m.name() + "': need "
                        + mibUp(need) + " MiB on the file system of " + e.getValue().where + ", " + free / MIB
                        + " MiB free (" + mibUp(need - free) + " MiB missing)");
            }
        }
    }

    private static long mibUp(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }

    /** What one file system must hold, and the first path of ours on it (named in the message). */
    private static final class Need {
        final Path where;
        long bytes;

        Need(Path where) {
            this.where = where;
        }
    }
}
