package io.ferry.node;

import io.ferry.api.VerifyReport;
import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageRecord;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ImageSha256;
import io.ferry.manifest.Manifest;
import io.ferry.store.LocalChunks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Verifier reads and re-hashes every distinct non-zero chunk of an image from this node's own copies,
 * and when asked, the plain SHA-256 of the whole image from them. Reading through the cache also deletes
 * any cached chunk whose bytes do not match its name.
 */
final class Verifier {
    private final Catalog catalog;
    private final LocalStores stores;

    Verifier(Catalog catalog, LocalStores stores) {
        this.catalog = catalog;
        this.stores = stores;
    }

    VerifyReport verify(ImageRecord image, boolean sha256) throws IOException {
        Manifest m = catalog.manifest(image);
        ChunkList c = m.chunks();
        Set<ChunkId> seen = new HashSet<>();
        IntStream.Builder each = IntStream.builder();
        c.forEachNonZero((i, id) -> {
            if (seen.add(id)) {
                each.add(i);
            }
        });
        int[] distinct = each.build().toArray();
        AtomicInteger missing = new AtomicInteger();
        String digest = null;
        LongAdder bytes = new LongAdder();
        ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[m.chunker().max()]);
        try (LocalChunks local = stores.forImage(c)) {
            // the common pool has one thread per core: verification is hashing-bound
            IntStream.of(distinct).parallel().forEach(i -> {
                try {
                    local.read(c.id(i), c.length(i), buffers.get());
                    bytes.add(c.length(i));
                } catch (io.ferry.store.MissingChunkException e) {
                    missing.incrementAndGet();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (sha256 && missing.get() == 0) {
                digest = ImageSha256.of(c, m.chunker().max(), (i, buf) -> local.read(c.id(i), c.length(i), buf)).toString();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        String expected = m.digest() == null ? null : m.digest().hex();
        return new VerifyReport(image.name(), c.count(), missing.get(), bytes.sum(), seedState(image), digest, expected);
    }

    private static String seedState(ImageRecord r) throws IOException {
        if (r.holding() != ImageRecord.Holding.SEED) {
            return "-";
        }
        Path f = r.seedFile();
        if (!Files.exists(f)) { // a regular file, or the block device a get wrote into
            return "missing";
        }
        boolean same = Files.size(f) == r.seedSize() && Files.getLastModifiedTime(f).toMillis() == r.seedMtimeMillis();
        return same ? "ok" : "changed";
    }
}
