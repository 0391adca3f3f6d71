package io.ferry.catalog;

import io.ferry.manifest.ManifestId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * CatalogRepair decides how the catalog's rows and the image records ({@link ImageRecords}) are brought
 * back into step when the catalog is opened. The rule: nothing the node held is forgotten because a file
 * was lost. A record without its row (the catalog lost, truncated, or its WAL gone) restores the row; a
 * row without a record (a catalog of the layout before records, or a crash inside rm) gets its record
 * written, so at worst an interrupted rm is undone; where both exist and differ the record wins, since
 * it is written first. A catalog SQLite cannot read is kept aside, never deleted. What cannot be
 * restored (a record whose manifest is gone, a damaged record with no row to rewrite it from) stops the
 * node with one line rather than let it run, and gc, as an emptier node than it is.
 */
final class CatalogRepair {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CatalogRepair.class);

    private CatalogRepair() {
    }

    /** Rows to restore from records, and records to write from rows. */
    record Plan(List<ImageRecord> restore, List<ImageRecord> adopt, List<ImageRecordException> damaged) {
        boolean nothing() {
            return restore.isEmpty() && adopt.isEmpty() && damaged.isEmpty();
        }
    }

    /**
     * Works out what to restore, or throws if something cannot be.
     *
     * @param manifestOk whether a manifest is stored here and matches its id
     */
    static Plan plan(Path dataDir, List<ImageRecord> rows, ImageRecords.Scan scan, Predicate<ManifestId> manifestOk)
            throws CatalogDamageException {
        Map<String, ImageRecord> byName = rows.stream().collect(Collectors.toMap(ImageRecord::name, r -> r));
        List<ImageRecord> restore = new ArrayList<>();
        for (ImageRecord r : scan.records().values()) {
            ImageRecord row = byName.get(r.name());
            if (row == null || !same(row, r)) {
                restore.add(r);
            }
        }
        List<ImageRecord> adopt = new ArrayList<>();
        for (ImageRecord row : rows) {
            if (!scan.records().containsKey(row.name())) {
                adopt.add(row);
            }
        }
        List<String> lost = new ArrayList<>();
        for (ImageRecordException e : scan.damaged()) {
            if (!byName.containsKey(ImageRecords.Scan.nameOf(e))) {
                lost.add(e.getMessage() + ", and the catalog has no row for that image");
            }
        }
        for (ImageRecord r : restore) {
            if (!manifestOk.test(r.manifestId())) {
                lost.add("image '" + r.name() + "' needs manifest " + r.manifestId() + ", which is missing or corrupt in "
                        + dataDir.resolve("manifests"));
            }
        }
        if (!lost.isEmpty()) {
            throw new CatalogDamageException("cannot rebuild the catalog of " + dataDir + ": " + lost.get(0)
                    + (lost.size() > 1 ? " (and " + (lost.size() - 1) + " more)" : "")
                    + "; nothing was changed: restore what is missing, or move the image's record out of "
                    + dataDir.resolve("images") + " to forget it");
        }
        return new Plan(restore, adopt, scan.damaged());
    }

    /** Whether the row says what the record says (the import time aside, which a restore keeps anyway). */
    static boolean same(ImageRecord a, ImageRecord b) {
        return a.name().equals(b.name()) && a.manifestId().equals(b.manifestId()) && a.size() == b.size()
                && Objects.equals(a.sha256(), b.sha256()) && a.holding() == b.holding() && Objects.equals(a.seedFile(), b.seedFile())
                && a.seedSize() == b.seedSize() && a.seedMtimeMillis() == b.seedMtimeMillis()
                && a.importedAtMillis() == b.importedAtMillis() && sameBinding(a, b);
    }

    private static boolean sameBinding(ImageRecord a, ImageRecord b) {
        if (a.binding() == null || b.binding() == null) {
            return a.binding() == b.binding();
        }
        return a.binding().origin().equals(b.binding().origin()) && a.binding().version() == b.binding().version()
                && Arrays.equals(a.binding().payload(), b.binding().payload())
                && Arrays.equals(a.binding().signature(), b.binding().signature())
                && Arrays.equals(a.binding().certificate(), b.binding().certificate());
    }

    /**
     * Why the catalog file cannot be used as it is, or null when SQLite reads all of it. A missing file
     * is "missing"; the caller decides whether that is a fresh node or a lost catalog.
     */
    static String damage(Path db) {
        try {
            if (!Files.exists(db)) {
                return "it is missing";
            }
            if (Files.size(db) == 0) {
                return "it is empty";
            }
        } catch (IOException e) {
            return e.getMessage();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            // quick_check reads every page of every table: a truncated or garbled file fails it here,
            // not later in the middle of a verb
            try (ResultSet r = s.executeQuery("PRAGMA quick_check")) {
                String first = r.next() ? r.getString(1) : "no answer to quick_check";
                return "ok".equals(first) ? null : first;
            }
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** Moves the catalog and its WAL files to {@code catalog.db.damaged-STAMP…}; returns the new name of the catalog. */
    static Path moveAside(Path db, String stamp) throws IOException {
        Path to = db.resolveSibling(db.getFileName() + ".damaged-" + stamp);
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Path from = db.resolveSibling(db.getFileName() + suffix);
            if (Files.exists(from)) {
                Files.move(from, to.resolveSibling(to.getFileName() + suffix));
            }
        }
        DurableFiles.syncDirectory(db.getParent());
        return to;
    }

    /** Whether a lone WAL or journal file sits beside a missing catalog (it must not be replayed into a new one). */
    static boolean strays(Path db) {
        for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
            if (Files.exists(db.resolveSibling(db.getFileName() + suffix))) {
                return true;
            }
        }
        return false;
    }

    /** Writes a row of the catalog. */
    interface Rows {
        void insert(ImageRecord r) throws IOException;
    }

    /** Keeps damaged record files aside, writes the records rows lack, and restores the rows records hold. */
    static void apply(Plan plan, ImageRecords records, Rows rows, String stamp) throws IOException {
        for (ImageRecordException e : plan.damaged()) {
            Path kept = records.moveAside(e.file(), stamp);
            log.warn("{}; kept it as {} and wrote it again from the catalog", e.getMessage(), kept.getFileName());
        }
        for (ImageRecord r : plan.adopt()) {
            records.write(r);
        }
        for (ImageRecord r : plan.restore()) {
            rows.insert(r);
        }
    }

    /** One WARN line for what was restored; an info line for records first written from a catalog of the old layout. */
    static void report(Plan plan, Path db, Path recordDir, boolean hadRecords, String damage) {
        if (damage != null || !plan.restore().isEmpty()) {
            log.warn("catalog {} {} restored {} image(s) from {}: {}", db,
                    damage != null ? damage : "lacked images its records hold (a write lost in a crash?);",
                    plan.restore().size(), recordDir, names(plan.restore()));
        }
        java.util.Set<String> rewritten = plan.damaged().stream().map(ImageRecords.Scan::nameOf).collect(Collectors.toSet());
        List<ImageRecord> lacking = plan.adopt().stream().filter(r -> !rewritten.contains(r.name())).toList();
        if (!lacking.isEmpty() && hadRecords) {
            log.warn("{} lacked the records of {} image(s) the catalog holds; wrote them: {}", recordDir,
                    lacking.size(), names(lacking));
        } else if (!plan.adopt().isEmpty()) {
            log.info("wrote the records of {} image(s) to {} (first open since records were added)", plan.adopt().size(),
                    recordDir);
        }
    }

    /** A time for the names of files kept aside, to the millisecond so two never collide. */
    static String stamp(java.time.Clock clock) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(clock.instant());
    }

    /** At most ten names, for one log line. */
    static String names(List<ImageRecord> images) {
        String s = images.stream().limit(10).map(ImageRecord::name).collect(Collectors.joining(", "));
        return images.size() > 10 ? s + ", … (" + images.size() + " in all)" : s;
    }
}
