package io.ferry.catalog;

import io.ferry.trust.FactVerifier;
import io.ferry.trust.ForgedFactException;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ClusterTable is this node's view of the other nodes: for each, the newest {@link TableEntry} it has
 * seen, as the signed facts it was made of (so they can be relayed unchanged and survive restarts), and
 * when it last heard from it.
 *
 * <p>Merging an entry of node X: never one about this node; only when X's address fact verifies (signed
 * by X) and is newer than the one held; then every binding that does not verify and every holding that
 * does not verify or is not X's own is dropped (said once in the log) and the rest replaces what was
 * known of X. Merges stay idempotent and order-free. Which binding of a name counts is not decided
 * here (see the exchange's name resolution): bindings are kept whatever their publisher may do.
 *
 * <p>The tables of the previous layout (unsigned entries) are dropped when the catalog opens: they
 * were a cache of what others said, relearnt in one exchange round. Thread-safe (calls are serialised).
 */
public final class ClusterTable {
    private static final String[] SCHEMA = {
        "DROP TABLE IF EXISTS node_images",
        "DROP TABLE IF EXISTS holdings",
        "DROP TABLE IF EXISTS nodes",
        """
        CREATE TABLE IF NOT EXISTS cluster_nodes (
          id TEXT PRIMARY KEY, address TEXT NOT NULL, version INTEGER NOT NULL, seen_at INTEGER NOT NULL,
          bindings_version INTEGER NOT NULL DEFAULT 0)""",
        """
        CREATE TABLE IF NOT EXISTS cluster_facts (
          node TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, origin TEXT NOT NULL,
          version INTEGER NOT NULL, payload BLOB NOT NULL, signature BLOB NOT NULL, certificate BLOB NOT NULL,
          PRIMARY KEY (node, seq))"""
    };

    private final Connection db;
    private final NodeId self;
    private final java.time.Clock clock;
    private final FactVerifier verifier;
    private final DropLog drops;
    private final TableIndex index;
    /** While merging: the signatures of the facts already held about the node (see {@link #verified}). */
    private java.util.Set<java.nio.ByteBuffer> checked = java.util.Set.of();

    ClusterTable(Connection db, NodeId self, java.time.Clock clock, FactVerifier verifier) throws SQLException {
        this.db = db;
        this.self = self;
        this.clock = clock;
        this.verifier = verifier;
        this.drops = new DropLog(clock);
        this.index = new TableIndex(db);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            for (String sql : SCHEMA) {
                s.execute(sql);
            }
            try {
                s.execute("ALTER TABLE cluster_nodes ADD COLUMN bindings_version INTEGER NOT NULL DEFAULT 0");
            } catch (SQLException e) {
                // there already: a table made by this version
            }
            for (String sql : TableIndex.SCHEMA) {
                s.execute(sql);
            }
        }
        if (index.stale()) {
            try {
                index.rebuild(entries(null));
            } catch (IOException e) {
                throw new SQLException(e.getMessage(), e);
            }
        }
    }

    /** Adopts {@code e} if it is about another node, its address fact verifies and it is newer; returns whether it did. */
    public boolean merge(TableEntry e) throws IOException {
        return merge(e, e.version());
    }

    /**
     * As {@link #merge(TableEntry)}, noting {@code bindingsVersion}: the version of the node's at which the
     * set of bindings it relays last changed (what a delta is built against; see exchange.gossip).
     */
    public synchronized boolean merge(TableEntry e, long bindingsVersion) throws IOException {
        NodeId x = e.node();
        if (x.equals(self)) {
            return false;
        }
        try {
            Optional<Long> known = version(x);
            if (known.isPresent() && known.get() >= e.version()) {
                return false;
            }
            checked = signatures(x);
            String address;
            try {
                address = NodeAddress.decode(verified(e.address(), NodeAddress.KIND)).toString();
            } catch (ForgedFactException | FactFormatException ex) {
                drops.dropped(x, x, NodeAddress.KIND, ex.getMessage());
                return false;
            }
            store(x, address, e.address(), bindings(e), holdings(e), Math.min(bindingsVersion, e.version()));
            return true;
        } catch (SQLException ex) {
            throw new IOException("cannot merge the table entry of node " + x + ": " + ex.getMessage(), ex);
        }
    }

    /** The payload of {@code f}, once it is known to be of {@code kind} and signed by its origin. */
    private byte[] verified(SignedFact f, String... kinds) throws ForgedFactException, FactFormatException {
        if (!java.util.Arrays.asList(kinds).contains(f.kind())) {
            throw new FactFormatException("a '" + f.kind() + "' fact where a " + kinds[0] + " fact belongs");
        }
        if (f.signature().length == 0 || !checked.contains(identity(f))) {
            Signed.byOrigin(verifier, f); // the very fact merged before (a delta carries it over) was verified then
        }
        return f.payload();
    }

    /** The facts held about {@code x}, by {@link #identity}: each was verified when it was merged. */
    private java.util.Set<java.nio.ByteBuffer> signatures(NodeId x) throws SQLException {
        java.util.Set<java.nio.ByteBuffer> out = new java.util.HashSet<>();
        try (PreparedStatement s = db.prepareStatement("SELECT * FROM cluster_facts WHERE node = ?")) {
            s.setString(1, x.value());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(identity(TableIndex.fact(r)));
                }
            }
        }
        return out;
    }

    /** A digest of everything a fact is (what is signed, the signature, the certificate): equal only for the same fact. */
    private static java.nio.ByteBuffer identity(SignedFact f) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(f.signedBytes());
            md.update(f.signature());
            md.update(f.certificate());
            return java.nio.ByteBuffer.wrap(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bindings of {@code e} that verify, the newest per publisher and name. */
    private List<SignedFact> bindings(TableEntry e) {
        Map<String, SignedFact> kept = new LinkedHashMap<>();
        for (SignedFact f : e.bindings()) {
            try {
                ImageBinding b = ImageBinding.decode(verified(f, ImageBinding.KIND));
                kept.merge(f.origin() + "/" + b.name(), f, (a, c) -> a.version() >= c.version() ? a : c);
            } catch (ForgedFactException | FactFormatException ex) {
                drops.dropped(e.node(), f.origin(), ImageBinding.KIND, ex.getMessage());
            }
        }
        return new ArrayList<>(kept.values());
    }

    /**
     * The holdings of {@code e} that are its node's own and verify: the newest holding per manifest and
     * segment, and the gains signed after it.
     */
    private List<SignedFact> holdings(TableEntry e) {
        Map<SegmentHolding.Slot, SignedFact> kept = new LinkedHashMap<>();
        Map<SegmentHolding.Slot, Map<Long, SignedFact>> gains = new LinkedHashMap<>();
        for (SignedFact f : e.holdings()) {
            try {
                if (!f.origin().equals(e.node())) {
                    throw new ForgedFactException("a node's entry carries only its own holdings");
                }
                SegmentHolding h = SegmentHolding.decode(verified(f, SegmentHolding.KIND, SegmentHolding.GAIN));
                SegmentHolding.Slot slot = new SegmentHolding.Slot(h.manifestId(), h.segment());
                if (f.kind().equals(SegmentHolding.GAIN)) {
                    gains.computeIfAbsent(slot, k -> new java.util.TreeMap<>()).put(f.version(), f);
                } else {
                    kept.merge(slot, f, (a, c) -> a.version() >= c.version() ? a : c);
                }
            } catch (ForgedFactException | FactFormatException ex) {
                drops.dropped(e.node(), f.origin(), f.kind(), ex.getMessage());
            }
        }
        List<SignedFact> out = new ArrayList<>(kept.values());
        gains.forEach((slot, g) -> {
            SignedFact base = kept.get(slot);
            if (base != null) {
                g.values().stream().filter(f -> f.version() > base.version()).forEach(out::add);
            }
        });
        return out;
    }

    private void store(NodeId x, String address, SignedFact head, List<SignedFact> bindings, List<SignedFact> holdings,
                       long bindingsVersion) throws SQLException {
        String node = x.value();
        db.setAutoCommit(false);
        try {
            try (PreparedStatement s = db.prepareStatement("DELETE FROM cluster_facts WHERE node = ?")) {
                s.setString(1, node);
                s.executeUpdate();
            }
            try (PreparedStatement s = db.prepareStatement("INSERT OR REPLACE INTO cluster_nodes VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, node);
                s.setString(2, address);
                s.setLong(3, head.version());
                s.setLong(4, clock.millis());
                s.setLong(5, bindingsVersion);
                s.executeUpdate();
            }
            TableEntry entry = new TableEntry(head, bindings, holdings);
            List<SignedFact> facts = entry.facts();
            try (PreparedStatement s = db.prepareStatement("INSERT INTO cluster_facts VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < facts.size(); i++) {
                    SignedFact f = facts.get(i);
                    s.setString(1, node);
                    s.setInt(2, i);
                    s.setString(3, f.kind());
                    s.setString(4, f.origin().value());
                    s.setLong(5, f.version());
                    s.setBytes(6, f.payload());
                    s.setBytes(7, f.signature());
                    s.setBytes(8, f.certificate());
                    s.addBatch();
                }
                s.executeBatch();
            }
            index.replace(node, facts, KnownNode.of(entry));
            db.commit();
        } catch (SQLException | FactFormatException ex) {
            db.rollback();
            throw ex instanceof SQLException q ? q : new SQLException(ex.getMessage(), ex);
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** Notes that {@code node}, answering at {@code address}, was heard from just now. */
    public synchronized void touch(NodeId node, String address) throws IOException {
        try (PreparedStatement s = db.prepareStatement("UPDATE cluster_nodes SET seen_at = ? WHERE id = ? AND address = ?")) {
            s.setLong(1, clock.millis());
            s.setString(2, node.value());
            s.setString(3, address);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Every other node's newest entry, as the facts it was merged with. */
    public synchronized List<TableEntry> entries() throws IOException {
        return entries(null);
    }

    /** The newest entry of {@code node} held here, as merged. */
    public synchronized Optional<TableEntry> entry(NodeId node) throws IOException {
        return entries(node).stream().findFirst();
    }

    private List<TableEntry> entries(NodeId only) throws IOException {
        try {
            Map<String, List<SignedFact>> facts = new LinkedHashMap<>();
            try (PreparedStatement s = db.prepareStatement("SELECT f.* FROM cluster_facts f JOIN cluster_nodes n ON n.id = f.node"
                    + (only == null ? "" : " WHERE f.node = ?") + " ORDER BY f.node, f.seq")) {
                if (only != null) {
                    s.setString(1, only.value());
                }
                ResultSet r = s.executeQuery();
                while (r.next()) {
                    facts.computeIfAbsent(r.getString("node"), k -> new ArrayList<>()).add(TableIndex.fact(r));
                }
            }
            List<TableEntry> out = new ArrayList<>();
            for (List<SignedFact> f : facts.values()) {
                List<SignedFact> rest = f.subList(1, f.size());
                out.add(new TableEntry(f.get(0), of(rest, ImageBinding.KIND), rest.stream()
                        .filter(x -> !x.kind().equals(ImageBinding.KIND)).toList()));
            }
            return out;
        } catch (SQLException | RuntimeException e) {
            throw new IOException("cannot read the cluster table: " + e.getMessage(), e);
        }
    }

    private static List<SignedFact> of(List<SignedFact> facts, String kind) {
        return facts.stream().filter(f -> f.kind().equals(kind)).toList();
    }

    /**
     * The version of every other node's entry held here, and for each the version at which the bindings
     * it relays last changed ({@code [version, bindingsVersion]}); a forgotten node keeps its version so
     * that nothing older about it is taken again.
     */
    public synchronized Map<NodeId, long[]> versions() throws IOException {
        return read(() -> pairs("SELECT id, version, bindings_version FROM cluster_nodes ORDER BY id",
                r -> new long[] {r.getLong(2), r.getLong(3)}));
    }

    /**
     * Forgets what {@code node} said (it is dead or left, and has been for the retention time): its facts
     * go, its version stays, so an older entry relayed by a peer that has not heard is not taken again.
     */
    public synchronized void forget(NodeId node) throws IOException {
        try (PreparedStatement s = db.prepareStatement("DELETE FROM cluster_facts WHERE node = ?")) {
            s.setString(1, node.value());
            s.executeUpdate();
            index.remove(node.value());
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Every image the other nodes' entries name, with how many relay and hold it (see {@link TableIndex}). */
    public synchronized List<TableIndex.Image> images() throws IOException {
        return read(() -> index.images());
    }

    /** The other nodes that hold any of {@code manifest} or relay a binding of {@code name} to it. */
    public synchronized List<TableIndex.Holder> holders(String name, io.ferry.manifest.ManifestId manifest) throws IOException {
        return read(() -> index.holders(name, manifest));
    }

    /** Every binding of {@code name} the other nodes' entries relay (the same fact once per relaying node). */
    public synchronized List<SignedFact> bindings(String name) throws IOException {
        return read(() -> index.bindings(name));
    }

    /**
     * The address facts of the other nodes whose newest entry, still held, says they serve at {@code address}
     * (as merged: the caller verifies them again if trust may have changed since).
     */
    public synchronized List<SignedFact> claims(String address) throws IOException {
        return read(() -> index.claims(address));
    }

    /** When each other node was last heard from, in epoch milliseconds. */
    public synchronized Map<NodeId, Long> lastSeen() throws IOException {
        return read(() -> pairs("SELECT id, seen_at FROM cluster_nodes ORDER BY id", r -> r.getLong(2)));
    }

    /** A column read from a row. */
    private interface Column<T> {
        T of(ResultSet r) throws SQLException;
    }

    /** Each row's node id (column 1) and what {@code value} reads of the row, in order. */
    private <T> Map<NodeId, T> pairs(String sql, Column<T> value) throws SQLException {
        Map<NodeId, T> out = new LinkedHashMap<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.put(NodeId.of(r.getString(1)), value.of(r));
            }
        }
        return out;
    }

    /** A read of the table. */
    private interface Read<T> {
        T run() throws SQLException;
    }

    private static <T> T read(Read<T> r) throws IOException {
        try {
            return r.run();
        } catch (SQLException e) {
            throw new IOException("cannot read the cluster table: " + e.getMessage(), e);
        }
    }

    synchronized void close() throws SQLException {
        db.close();
    }

    private Optional<Long> version(NodeId node) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT version FROM cluster_nodes WHERE id = ?")) {
            s.setString(1, node.value());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }
}
