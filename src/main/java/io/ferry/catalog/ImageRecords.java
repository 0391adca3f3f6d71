package io.ferry.catalog;

import io.ferry.manifest.ManifestId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * ImageRecords is the durable record of what the node holds, beside the catalog: one small file per
 * image, {@code DIR/images/<name>.image} ({@link ImageRecordFormat}), written whole and forced to disk
 * before an import or delivery returns, deleted (and the deletion forced) on rm. The catalog's rows are
 * rebuilt from these files when the catalog is lost, and a write the catalog lost (its WAL gone) is
 * restored from them. Not thread-safe on its own: the catalog serialises its calls.
 */
public final class ImageRecords {
    static final String SUFFIX = ".image";

    private final Path dir;

    ImageRecords(Path dir) {
        this.dir = dir;
    }

    /** What the directory holds: the records that read well, and every file that does not, reported. */
    public record Scan(Map<String, ImageRecord> records, List<ImageRecordException> damaged) {
        /** The image a damaged record file was for, from its file name. */
        static String nameOf(ImageRecordException e) {
            String f = e.file().getFileName().toString();
            return f.substring(0, f.length() - SUFFIX.length());
        }
    }

    public Path dir() {
        return dir;
    }

    /** True once the directory exists (a data directory of the layout before records has none). */
    boolean exists() {
        return Files.isDirectory(dir);
    }

    Path file(String name) {
        return dir.resolve(name + SUFFIX);
    }

    void write(ImageRecord r) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            DurableFiles.syncDirectory(dir.getParent());
        }
        DurableFiles.write(file(r.name()), ImageRecordFormat.encode(r));
    }

    void remove(String name) throws IOException {
        DurableFiles.delete(file(name));
    }

    /** Keeps a damaged record file under another name, so nothing an operator might want is destroyed. */
    Path moveAside(Path file, String stamp) throws IOException {
        Path to = file.resolveSibling(file.getFileName() + ".damaged-" + stamp);
        Files.move(file, to);
        DurableFiles.syncDirectory(dir);
        return to;
    }

    Scan scan() throws IOException {
        Map<String, ImageRecord> good = new TreeMap<>();
        List<ImageRecordException> damaged = new ArrayList<>();
        if (!exists()) {
            return new Scan(good, damaged);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        for (Path f : files) {
            try {
                ImageRecord r = ImageRecordFormat.decode(f, Files.readAllBytes(f));
                if (!file(r.name()).equals(f)) {
                    throw new ImageRecordException(f, "it is the record of image '" + r.name() + "'");
                }
                good.put(r.name(), r);
            } catch (ImageRecordException e) {
                damaged.add(e);
            }
        }
        return new Scan(good, damaged);
    }

    /**
     * Throws, with one line, when a record is damaged or the records do not name the same images and
     * manifests as the catalog's {@code rows}.
     */
    void requireAgreement(List<ImageRecord> rows, Path db) throws IOException {
        Scan scan = scan();
        if (!scan.damaged().isEmpty()) {
            throw new CatalogDamageException(scan.damaged().get(0).getMessage() + "; restart the node to repair it");
        }
        Map<String, ManifestId> listed = new TreeMap<>();
        rows.forEach(r -> listed.put(r.name(), r.manifestId()));
        Map<String, ManifestId> held = new TreeMap<>();
        scan.records().values().forEach(r -> held.put(r.name(), r.manifestId()));
        if (!listed.equals(held)) {
            throw new CatalogDamageException("the catalog " + db + " lists " + listed.size() + " image(s) but " + dir
                    + " records " + held.size() + "; restart the node to bring them into step");
        }
    }
}
