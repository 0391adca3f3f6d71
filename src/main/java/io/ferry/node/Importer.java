package io.ferry.node;

import io.ferry.api.ImportResult;
import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageBinding;
import io.ferry.catalog.ImageRecord;
import io.ferry.chunk.ZeroChunks;
import io.ferry.chunk.ChunkSink;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.ChunkingPipeline;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.ManifestId;
import io.ferry.store.CacheFill;
import io.ferry.store.CacheStore;
import io.ferry.trust.SignedFact;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Importer makes an image known to the node: it chunks the file, records the manifest, and either
 * leaves the chunks in the file (a seed: nothing is copied; reads re-verify) or copies them into the
 * cache ({@code copy}), refused in one line when what only the cache would hold does not fit
 * {@code --cache-max}. A file that changes while it is read is rejected.
 */
final class Importer {
    private final Catalog catalog;
    private final CacheStore cache;
    private final ZeroChunks zeros;
    private final int threads;
    private final LocalStores stores;
    private final Runnable imagesChanged;
    /** Signs this node's binding of an imported image: it is the image's publisher. */
    private final Function<ImageBinding, SignedFact> publish;

    Importer(Catalog catalog, CacheStore cache, ZeroChunks zeros, int threads, LocalStores stores, Runnable imagesChanged,
             Function<ImageBinding, SignedFact> publish) {
        this.catalog = catalog;
        this.cache = cache;
        this.zeros = zeros;
        this.threads = threads;
        this.stores = stores;
        this.imagesChanged = imagesChanged;
        this.publish = publish;
    }

    ImportResult run(Path file, String name, boolean copy, ChunkerParams params, boolean sha256, LongConsumer progress)
            throws IOException {
        long started = System.nanoTime();
        Path src = checkReadable(file);
        String image = Manifest.checkName(name != null ? name : defaultName(src));
        if (catalog.image(image).isPresent()) {
            throw new IOException("image '" + image + "' already exists (ferry rm " + image
                    + " first, or import under another --name)");
        }
        BasicFileAttributes before = Files.readAttributes(src, BasicFileAttributes.class);
        CacheFill fill = copy ? stores.limit().copyInto("cannot import " + src + " as '" + image + "' with --copy") : null;
        ChunkSink sink = copy ? (ref, data, off) -> {
            if (!ref.zero()) {
                fill.put(ref.id(), data, off, ref.length());
            }
        } : ChunkSink.NONE;
        ChunkingPipeline.Scan scan;
        try (ChunkingPipeline pipeline = new ChunkingPipeline(params, threads, zeros)) {
            scan = pipeline.scan(src, sha256, sink, progress); // holes are not read; the digest only if asked
        }
        BasicFileAttributes after = Files.readAttributes(src, BasicFileAttributes.class);
        if (!after.lastModifiedTime().equals(before.lastModifiedTime())) {
            throw new IOException(src + " changed while it was being imported; nothing was recorded");
        }
        if (copy) {
            cache.sync(); // the import is durable when it returns: its chunks before the record that needs them
        }
        ImageDigest digest = scan.digest() == null ? null : ImageDigest.of(scan.digest().bytes());
        Manifest m = new Manifest(image, scan.chunks().size(), digest, params, scan.chunks());
        ImageRecord.Holding holding = copy ? ImageRecord.Holding.COPY : ImageRecord.Holding.SEED;
        ManifestId id = catalog.put(holding, m, copy ? null : src, after.size(), after.lastModifiedTime().toMillis(),
                publish.apply(catalog.bindingOf(m)));
        imagesChanged.run(); // after the change: a peer that saw the old version must see a newer one
        if (copy) {
            stores.limit().enforce();
        }
        return new ImportResult(image, id.hex(), m.size(), m.chunks().count(), m.chunks().zeroBytes(), holding.label(),
                Files.size(catalog.manifestPath(id)), (System.nanoTime() - started) / 1e9, digest == null ? null : digest.hex());
    }

    private static Path checkReadable(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory, not an image file");
        }
        int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
        if (type != 0100000 && type != 0060000) { // /dev/null, a fifo: nothing that holds an image
            throw new IOException(file + " is not a regular file or a block device, so not an image");
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString(), null, "permission denied");
        }
        return file.toRealPath();
    }

    /** "v1.raw" becomes "v1"; characters a name may not hold become '-'. */
    static String defaultName(Path file) {
        String base = file.getFileName().toString();
        int dot = base.indexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        String cleaned = base.replaceAll("[^A-Za-z0-9._:@+-]", "-");
        return cleaned.isEmpty() || !Character.isLetterOrDigit(cleaned.charAt(0)) ? "image-" + cleaned : cleaned;
    }
}
