package io.ferry.catalog;

import io.ferry.chunk.ZeroChunks;
import io.ferry.trust.FactVerifier;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestCodec;
import io.ferry.manifest.ManifestFormatException;
import io.ferry.manifest.ManifestId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Catalog is the node's table of images and their manifests. Rows live in SQLite (WAL, so a crash
 * never leaves a half-written row); manifest bytes live in {@code manifests/<id>.fmf}, written before
 * the row that names them, and are checked against their id whenever they are loaded. Manifests of
 * other nodes' images are stored the same way once fetched. The rows are not the only record: each
 * image's {@link ImageRecords record} is written (and forced to disk, as are manifests) before its row,
 * and on open the rows are rebuilt or completed from the records ({@link CatalogRepair}). Thread-safe:
 * calls are serialised.
 */
public final class Catalog implements AutoCloseable {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS images (
              name          TEXT PRIMARY KEY,
              manifest_id   TEXT NOT NULL,
              size          INTEGER NOT NULL,
              sha256        TEXT NOT NULL,
              holding       TEXT NOT NULL CHECK (holding IN ('SEED', 'COPY')),
              seed_file     TEXT,
              seed_size     INTEGER,
              seed_mtime    INTEGER,
              imported_at   INTEGER NOT NULL
            )""";
    /** The binding fact of each image (added after the first layout; null in rows recorded before). */
    private static final String[][] BINDING_COLUMNS = {
        {"binding_origin", "TEXT"}, {"binding_version", "INTEGER"}, {"binding_payload", "BLOB"},
        {"binding_signature", "BLOB"}, {"binding_certificate", "BLOB"}};

    private final Connection db;
    private final Path dbFile;
    private final Path manifests;
    /** The durable record of each image, beside the database: what the rows are rebuilt from. */
    private final ImageRecords records;
    private final ManifestCodec codec;
    private final java.time.Clock clock;
    private final ClusterTable cluster;
    private final java.util.Map<ManifestId, Manifest> decoded = new java.util.concurrent.ConcurrentHashMap<>();

    /** A catalog whose cluster table checks no signature: for tools and tests that never merge a peer's entry. */
    public Catalog(Path dbFile, Path manifestDir, ZeroChunks zeros, NodeId self) throws IOException {
        this(dbFile, manifestDir, zeros, self, java.time.Clock.systemUTC(), FactVerifier.open());
    }

    /**
     * @param self     this node's id, so the cluster table never takes a peer's word about this node
     * @param clock    when images are imported and peers last heard from, by the node's clock
     * @param verifier checks every fact of a peer's entry before the cluster table merges it
     */
    public Catalog(Path dbFile, Path manifestDir, ZeroChunks zeros, NodeId self, java.time.Clock clock,
                   FactVerifier verifier) throws IOException {
        this.clock = clock;
        this.dbFile = dbFile;
        this.manifests = Files.createDirectories(manifestDir);
        this.codec = new ManifestCodec(zeros);
        this.records = new ImageRecords(dbFile.resolveSibling(DataDir.IMAGES));
        boolean hadRecords = records.exists();
        ImageRecords.Scan scan = records.scan();
        String damage = CatalogRepair.damage(dbFile);
        boolean existed = Files.exists(dbFile);
        if (damage != null && !existed && !CatalogRepair.strays(dbFile) && scan.records().isEmpty()
                && scan.damaged().isEmpty()) {
            damage = null; // a new node: nothing was lost
        }
        if (damage != null) {
            // every record must be restorable before anything is moved
            CatalogRepair.plan(dbFile.getParent(), List.of(), scan, this::manifestOk);
            Path kept = CatalogRepair.moveAside(dbFile, CatalogRepair.stamp(clock));
            damage = existed ? "was unreadable (" + damage + "); kept it as " + kept.getFileName() + " and" : "was missing;";
        }
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute(SCHEMA);
                addBindingColumns(s);
                ClusterFile.dropFromCatalog(s);
            }
            cluster = ClusterFile.open(dbFile.resolveSibling(DataDir.CLUSTER), self, clock, verifier); // a cache: its own file
        } catch (SQLException e) {
            throw new IOException("cannot open the catalog " + dbFile + ": " + e.getMessage(), e);
        }
        try {
            reconcile(scan, hadRecords, damage);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Brings rows and records into step ({@link CatalogRepair}), saying in the log what was restored. */
    private void reconcile(ImageRecords.Scan scan, boolean hadRecords, String damage) throws IOException {
        CatalogRepair.Plan plan = CatalogRepair.plan(dbFile.getParent(), images(), scan, this::manifestOk);
        CatalogRepair.apply(plan, records, this::insert, CatalogRepair.stamp(clock));
        CatalogRepair.report(plan, dbFile, records.dir(), hadRecords, damage);
    }

    private boolean manifestOk(ManifestId id) {
        try {
            manifestBytes(id);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Refuses, with one line, when the image records and the catalog's rows do not name the same images
     * and manifests, or a record is damaged: gc must never delete chunks because one of them lost images.
     */
    public synchronized void requireAgreement() throws IOException {
        records.requireAgreement(images(), dbFile);
    }

    /** A catalog of the first layout gains the binding columns; its rows keep a null binding until signed. */
    private static void addBindingColumns(Statement s) throws SQLException {
        java.util.Set<String> have = new java.util.HashSet<>();
        try (ResultSet r = s.executeQuery("PRAGMA table_info(images)")) {
            while (r.next()) {
                have.add(r.getString("name"));
            }
        }
        for (String[] c : BINDING_COLUMNS) {
            if (!have.contains(c[0])) {
                s.execute("ALTER TABLE images ADD COLUMN " + c[0] + " " + c[1]);
            }
        }
    }

    /** What this node knows of the others. */
    public ClusterTable cluster() {
        return cluster;
    }

    /** True when the manifest with this id is stored here. */
    public boolean hasManifest(ManifestId id) {
        return Files.isRegularFile(manifestPath(id));
    }

    /** The stored bytes of manifest {@code id}, checked against the id. */
    public byte[] manifestBytes(ManifestId id) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(manifestPath(id));
        } catch (NoSuchFileException e) {
            throw new ManifestFormatException("manifest " + id + " is not stored here");
        }
        if (!ManifestCodec.id(bytes).equals(id)) {
            throw new ManifestFormatException("manifest " + id + " is corrupt: its bytes do not match its id");
        }
        return bytes;
    }

    /** Loads manifest {@code id}, checked against the id (decoded manifests are kept: they never change). */
    public Manifest manifestById(ManifestId id) throws IOException {
        Manifest m = decoded.get(id);
        if (m == null) {
            m = codec.decode(manifestBytes(id));
            if (decoded.size() > 64) {
                decoded.clear();
            }
            decoded.put(id, m);
        }
        return m;
    }

    /**
     * Stores a manifest received from elsewhere after checking that its bytes hash to {@code id} and
     * decode; returns it.
     */
    public Manifest putManifest(ManifestId id, byte[] bytes) throws IOException {
        if (!ManifestCodec.id(bytes).equals(id)) {
            throw new ManifestFormatException("manifest received for " + id + " has other bytes (SHA-256 "
                    + ManifestCodec.id(bytes) + ")");
        }
        Manifest m = codec.decode(bytes);
        writeManifest(id, bytes);
        return m;
    }

    /** Deletes every stored manifest whose id is not in {@code keep}; returns how many went. */
    public synchronized int removeManifestsExcept(java.util.Set<ManifestId> keep) throws IOException {
        int removed = 0;
        java.util.Set<Path> kept = new java.util.HashSet<>();
        keep.forEach(id -> kept.add(manifestPath(id)));
        decoded.keySet().retainAll(keep);
        try (java.util.stream.Stream<Path> files = Files.list(manifests)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".fmf") && !kept.contains(f)) {
                    Files.deleteIfExists(f);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Writes the manifest durably (an image record that names it must never outlive it). */
    private void writeManifest(ManifestId id, byte[] encoded) throws IOException {
        Path file = manifestPath(id);
        if (!Files.exists(file)) {
            DurableFiles.write(file, encoded);
        }
    }

    /** The binding of manifest {@code m} under its name, as a publisher would sign it. */
    public ImageBinding bindingOf(Manifest m) {
        return ImageBinding.of(m, ManifestCodec.id(codec.encode(m)));
    }

    /**
     * Saves the manifest file, then the row with its binding fact: this node's own for an import, the
     * publisher's as fetched for a delivered image. Returns the manifest id.
     */
    public synchronized ManifestId put(ImageRecord.Holding holding, Manifest m, Path seedFile, long seedSize, long seedMtime,
                                       SignedFact binding) throws IOException {
        byte[] encoded = codec.encode(m);
        ManifestId id = ManifestCodec.id(encoded);
        if (!ImageBinding.KIND.equals(binding.kind()) || !ImageBinding.decode(binding.payload()).equals(ImageBinding.of(m, id))) {
            throw new IllegalArgumentException("the binding fact given for image " + m.name() + " is not of its manifest");
        }
        writeManifest(id, encoded);
        String sha256 = m.digest() == null ? null : m.digest().hex();
        ImageRecord r = new ImageRecord(m.name(), id, m.size(), sha256, holding, seedFile, seedSize, seedMtime,
                clock.millis(), binding);
        records.write(r); // first: the record is what a lost catalog is rebuilt from
        insert(r);
        return id;
    }

    private void insert(ImageRecord r) throws IOException {
        try (PreparedStatement s = db.prepareStatement(
                "INSERT OR REPLACE INTO images (name, manifest_id, size, sha256, holding, seed_file, seed_size, seed_mtime, "
                        + "imported_at, binding_origin, binding_version, binding_payload, binding_signature, "
                        + "binding_certificate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, r.name());
            s.setString(2, r.manifestId().hex());
            s.setLong(3, r.size());
            s.setString(4, r.sha256() == null ? "-" : r.sha256()); // NOT NULL: "-" when never computed
            s.setString(5, r.holding().name());
            s.setString(6, r.seedFile() == null ? null : r.seedFile().toString());
            s.setLong(7, r.seedSize());
            s.setLong(8, r.seedMtimeMillis());
            s.setLong(9, r.importedAtMillis());
            if (r.binding() == null) {
                for (int i = 10; i <= 14; i++) {
                    s.setNull(i, java.sql.Types.NULL);
                }
            } else {
                bind(s, 10, r.binding());
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot record image " + r.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives an image recorded without one (by an earlier version) its binding fact, or replaces an unsigned
     * binding this node made itself (recorded while it ran without credentials) with a signed one.
     */
    public synchronized void bind(String name, SignedFact binding) throws IOException {
        boolean signed = binding.signature().length > 0;
        try (PreparedStatement s = db.prepareStatement("UPDATE images SET binding_origin = ?, binding_version = ?, "
                + "binding_payload = ?, binding_signature = ?, binding_certificate = ? WHERE name = ? AND (binding_payload IS NULL"
                + (signed ? " OR (binding_origin = ? AND length(binding_signature) = 0))" : ")"))) {
            bind(s, 1, binding);
            s.setString(6, name);
            if (signed) {
                s.setString(7, binding.origin().value());
            }
            if (s.executeUpdate() > 0) {
                records.write(require(name));
            }
        } catch (SQLException e) {
            throw new IOException("cannot record the binding of image " + name + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, int at, SignedFact f) throws SQLException {
        s.setString(at, f.origin().value());
        s.setLong(at + 1, f.version());
        s.setBytes(at + 2, f.payload());
        s.setBytes(at + 3, f.signature());
        s.setBytes(at + 4, f.certificate());
    }

    public synchronized Optional<ImageRecord> image(String name) throws IOException {
        List<ImageRecord> found = query("SELECT * FROM images WHERE name = ?", name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The named image, or an error that says it is unknown. */
    public synchronized ImageRecord require(String name) throws IOException {
        return image(name).orElseThrow(() -> new UnknownImageException(name));
    }

    public synchronized List<ImageRecord> images() throws IOException {
        return query("SELECT * FROM images ORDER BY name");
    }

    /** Loads and verifies an image's manifest. */
    public synchronized Manifest manifest(ImageRecord image) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(manifestPath(image.manifestId()));
        } catch (NoSuchFileException e) {
            throw new ManifestFormatException("the manifest of image '" + image.name() + "' is missing ("
                    + manifestPath(image.manifestId()) + ")");
        }
        if (!ManifestCodec.id(bytes).equals(image.manifestId())) {
            throw new ManifestFormatException("the manifest of image '" + image.name()
                    + "' is corrupt: its bytes do not match its id " + image.manifestId());
        }
        try {
            return codec.decode(bytes).withName(image.name());
        } catch (ManifestFormatException e) {
            throw new ManifestFormatException("image '" + image.name() + "': " + e.getMessage());
        }
    }

    public Path manifestPath(ManifestId id) {
        return manifests.resolve(id + ".fmf");
    }

    /** Forgets an image; its manifest file goes too when no other image uses it. */
    public synchronized void remove(ImageRecord image) throws IOException {
        records.remove(image.name()); // first: a crash before the row goes brings the image back, never loses it
        try (PreparedStatement s = db.prepareStatement("DELETE FROM images WHERE name = ?")) {
            s.setString(1, image.name());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot remove image " + image.name() + ": " + e.getMessage(), e);
        }
        // the manifest file stays: peers may still ask for it; gc removes it once nothing refers to it
    }

    private List<ImageRecord> query(String sql, String... args) throws IOException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            List<ImageRecord> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String seed = r.getString("seed_file");
                    out.add(new ImageRecord(r.getString("name"), ManifestId.parse(r.getString("manifest_id")), r.getLong("size"),
                            "-".equals(r.getString("sha256")) ? null : r.getString("sha256"), ImageRecord.Holding.valueOf(r.getString("holding")),
                            seed == null ? null : Paths.get(seed), r.getLong("seed_size"), r.getLong("seed_mtime"),
                            r.getLong("imported_at"), binding(r)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IOException("catalog query failed: " + e.getMessage(), e);
        }
    }

    private static SignedFact binding(ResultSet r) throws SQLException {
        byte[] payload = r.getBytes("binding_payload");
        return payload == null ? null : new SignedFact(NodeId.of(r.getString("binding_origin")), ImageBinding.KIND,
                r.getLong("binding_version"), payload, r.getBytes("binding_signature"), r.getBytes("binding_certificate"));
    }

    @Override
    public void close() throws IOException {
        try {
            cluster.close();
            db.close();
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }
}
