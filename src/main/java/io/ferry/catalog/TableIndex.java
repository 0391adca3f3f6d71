package io.ferry.catalog;

import io.ferry.manifest.ManifestId;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TableIndex keeps, beside the facts of the {@link ClusterTable}, one row per node and manifest it holds
 * (chunks held, whole or not) and one per binding a node relays (name, manifest, publisher), written in
 * the same transaction as the facts, from the facts as merged. It is what lets {@code table} and name
 * resolution answer from an index instead of decoding every node's entry: at 1,000 nodes × 1,000 images
 * that is two million facts, most of them the same binding relayed by every node.
 *
 * <p>It holds nothing that is not derived from the stored facts: when it is empty while facts are not
 * (a table made before it), {@link ClusterTable} rebuilds it from them.
 */
public final class TableIndex {
    static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS cluster_holds (
          node TEXT NOT NULL, manifest TEXT NOT NULL, chunks INTEGER NOT NULL, held INTEGER NOT NULL,
          whole INTEGER NOT NULL, PRIMARY KEY (node, manifest)) WITHOUT ROWID""",
        "CREATE INDEX IF NOT EXISTS cluster_holds_manifest ON cluster_holds (manifest, whole)",
        """
        CREATE TABLE IF NOT EXISTS cluster_names (
          node TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, manifest TEXT NOT NULL,
          publisher TEXT NOT NULL, version INTEGER NOT NULL, size INTEGER NOT NULL,
          PRIMARY KEY (node, seq)) WITHOUT ROWID""",
        "CREATE INDEX IF NOT EXISTS cluster_names_name ON cluster_names (name, manifest, publisher, version, size)",
        "CREATE INDEX IF NOT EXISTS cluster_nodes_address ON cluster_nodes (address)",
        // kept as counts so that the summary reads a row per image, not a row per node and image
        """
        CREATE TABLE IF NOT EXISTS cluster_image_counts (
          name TEXT NOT NULL, manifest TEXT NOT NULL, publisher TEXT NOT NULL, relays INTEGER NOT NULL,
          PRIMARY KEY (name, manifest, publisher)) WITHOUT ROWID""",
        """
        CREATE TABLE IF NOT EXISTS cluster_manifest_counts (
          manifest TEXT PRIMARY KEY, whole INTEGER NOT NULL, partial INTEGER NOT NULL) WITHOUT ROWID"""
    };

    /**
     * One image as the table knows it: a name bound to a manifest by one or more publishers (newest
     * version and publishers listed), how many nodes relay that binding, and how many nodes hold the
     * manifest whole or in part.
     */
    public record Image(String name, ManifestId manifestId, long size, long version, List<NodeId> publishers,
                        int relays, int whole, int partial) {
    }

    /** What one node holds of a manifest, and whether it relays a binding of the name asked about. */
    public record Holder(NodeId node, String address, long version, int chunks, long held, boolean whole,
                         boolean relays) {
    }

    private final Connection db;

    TableIndex(Connection db) {
        this.db = db;
    }

    /** Replaces what is indexed of {@code node} by what {@code facts} (as stored, by seq) say; in the caller's transaction. */
    void replace(String node, List<SignedFact> facts, KnownNode decoded) throws SQLException {
        Counts counts = new Counts();
        remove(node, counts);
        try (PreparedStatement s = db.prepareStatement("INSERT INTO cluster_names VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < facts.size(); i++) {
                SignedFact f = facts.get(i);
                if (!f.kind().equals(ImageBinding.KIND)) {
                    continue;
                }
                ImageBinding b;
                try {
                    b = ImageBinding.decode(f.payload());
                } catch (FactFormatException e) {
                    continue; // merged facts decode; nothing to index of one that does not
                }
                s.setString(1, node);
                s.setInt(2, i);
                s.setString(3, b.name());
                s.setString(4, b.manifestId().hex());
                s.setString(5, f.origin().value());
                s.setLong(6, f.version());
                s.setLong(7, b.size());
                s.addBatch();
                counts.relay(b.name(), b.manifestId().hex(), f.origin().value(), 1);
            }
            s.executeBatch();
        }
        try (PreparedStatement s = db.prepareStatement("INSERT OR REPLACE INTO cluster_holds VALUES (?, ?, ?, ?, ?)")) {
            for (KnownNode.Holding h : decoded.holdings()) {
                s.setString(1, node);
                s.setString(2, h.manifestId().hex());
                s.setInt(3, h.chunks());
                s.setLong(4, h.bits().getLongCardinality());
                s.setInt(5, h.whole() ? 1 : 0);
                s.addBatch();
                counts.hold(h.manifestId().hex(), h.whole(), 1);
            }
            s.executeBatch();
        }
        counts.write();
    }

    /**
     * What a change of one node's rows does to the counts, netted before it is written: a merge that
     * changes only a holding's bits writes nothing to the binding counts.
     */
    private final class Counts {
        private final Map<List<String>, Integer> relays = new LinkedHashMap<>();
        private final Map<String, int[]> holds = new LinkedHashMap<>();

        void relay(String name, String manifest, String publisher, int n) {
            relays.merge(List.of(name, manifest, publisher), n, Integer::sum);
        }

        void hold(String manifest, boolean whole, int n) {
            holds.computeIfAbsent(manifest, k -> new int[2])[whole ? 0 : 1] += n;
        }

        void write() throws SQLException {
            try (PreparedStatement s = db.prepareStatement("INSERT INTO cluster_image_counts VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (name, manifest, publisher) DO UPDATE SET relays = relays + excluded.relays")) {
                for (Map.Entry<List<String>, Integer> e : relays.entrySet()) {
                    if (e.getValue() != 0) {
                        s.setString(1, e.getKey().get(0));
                        s.setString(2, e.getKey().get(1));
                        s.setString(3, e.getKey().get(2));
                        s.setInt(4, e.getValue());
                        s.addBatch();
                    }
                }
                s.executeBatch();
            }
            try (PreparedStatement s = db.prepareStatement("INSERT INTO cluster_manifest_counts VALUES (?, ?, ?) "
                    + "ON CONFLICT (manifest) DO UPDATE SET whole = whole + excluded.whole, partial = partial + excluded.partial")) {
                for (Map.Entry<String, int[]> e : holds.entrySet()) {
                    if (e.getValue()[0] != 0 || e.getValue()[1] != 0) {
                        s.setString(1, e.getKey());
                        s.setInt(2, e.getValue()[0]);
                        s.setInt(3, e.getValue()[1]);
                        s.addBatch();
                    }
                }
                s.executeBatch();
            }
            try (Statement s = db.createStatement()) {
                s.execute("DELETE FROM cluster_image_counts WHERE relays <= 0");
                s.execute("DELETE FROM cluster_manifest_counts WHERE whole <= 0 AND partial <= 0");
            }
        }
    }

    /** Indexes every one of {@code entries} again, in one transaction (a table made before the index). */
    void rebuild(List<TableEntry> entries) throws SQLException {
        db.setAutoCommit(false);
        try {
            try (Statement s = db.createStatement()) {
                for (String table : List.of("cluster_names", "cluster_holds", "cluster_image_counts", "cluster_manifest_counts")) {
                    s.execute("DELETE FROM " + table);
                }
            }
            for (TableEntry e : entries) {
                KnownNode decoded;
                try {
                    decoded = KnownNode.of(e);
                } catch (FactFormatException ex) {
                    continue; // a stored entry that does not decode: it stays out of the index
                }
                replace(e.node().value(), e.facts(), decoded);
            }
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    void remove(String node) throws SQLException {
        Counts counts = new Counts();
        remove(node, counts);
        counts.write();
    }

    /** Deletes {@code node}'s rows, noting in {@code counts} what they counted. */
    private void remove(String node, Counts counts) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT name, manifest, publisher FROM cluster_names WHERE node = ?")) {
            s.setString(1, node);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    counts.relay(r.getString(1), r.getString(2), r.getString(3), -1);
                }
            }
        }
        try (PreparedStatement s = db.prepareStatement("SELECT manifest, whole FROM cluster_holds WHERE node = ?")) {
            s.setString(1, node);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    counts.hold(r.getString(1), r.getInt(2) == 1, -1);
                }
            }
        }
        for (String table : List.of("cluster_names", "cluster_holds")) {
            try (PreparedStatement s = db.prepareStatement("DELETE FROM " + table + " WHERE node = ?")) {
                s.setString(1, node);
                s.executeUpdate();
            }
        }
    }

    /**
     * Whether the index must be built again: empty while there are facts to index (a table made before
     * it), or rows without their counts (a table made before the counts).
     */
    boolean stale() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT "
                + "EXISTS (SELECT 1 FROM cluster_names) OR EXISTS (SELECT 1 FROM cluster_holds), "
                + "EXISTS (SELECT 1 FROM cluster_facts WHERE seq > 0), "
                + "EXISTS (SELECT 1 FROM cluster_image_counts) OR EXISTS (SELECT 1 FROM cluster_manifest_counts)")) {
            r.next();
            boolean rows = r.getBoolean(1);
            return rows ? !r.getBoolean(3) : r.getBoolean(2);
        }
    }

    /** Every image the table names, by name and manifest. */
    List<Image> images() throws SQLException {
        Map<String, Image> out = new LinkedHashMap<>();
        String newest = "FROM cluster_names n WHERE n.name = c.name AND n.manifest = c.manifest AND n.publisher = c.publisher "
                + "ORDER BY n.version DESC LIMIT 1";
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT c.name, c.manifest, c.publisher, "
                + "c.relays, (SELECT n.version " + newest + "), (SELECT n.size " + newest + "), "
                + "COALESCE(m.whole, 0), COALESCE(m.partial, 0) FROM cluster_image_counts c "
                + "LEFT JOIN cluster_manifest_counts m ON m.manifest = c.manifest ORDER BY c.name, c.manifest, c.publisher")) {
            while (r.next()) {
                String key = r.getString(1) + "\0" + r.getString(2);
                Image seen = out.get(key);
                List<NodeId> publishers = new ArrayList<>(seen == null ? List.of() : seen.publishers());
                publishers.add(NodeId.of(r.getString(3)));
                out.put(key, new Image(r.getString(1), ManifestId.parse(r.getString(2)),
                        Math.max(seen == null ? 0 : seen.size(), r.getLong(6)), Math.max(seen == null ? 0 : seen.version(),
                        r.getLong(5)), List.copyOf(publishers), (seen == null ? 0 : seen.relays()) + r.getInt(4),
                        r.getInt(7), r.getInt(8)));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The nodes that hold any of {@code manifest} or relay a binding of {@code name} to it. */
    List<Holder> holders(String name, ManifestId manifest) throws SQLException {
        Map<String, Holder> relaying = new LinkedHashMap<>();
        try (PreparedStatement s = db.prepareStatement("SELECT DISTINCT n.id, n.address, n.version FROM cluster_names c "
                + "JOIN cluster_nodes n ON n.id = c.node WHERE c.name = ? AND c.manifest = ?")) {
            s.setString(1, name);
            s.setString(2, manifest.hex());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    relaying.put(r.getString(1), new Holder(NodeId.of(r.getString(1)), r.getString(2), r.getLong(3), 0, 0,
                            false, true));
                }
            }
        }
        Map<String, Holder> out = new java.util.TreeMap<>();
        try (PreparedStatement s = db.prepareStatement("SELECT n.id, n.address, n.version, h.chunks, h.held, h.whole "
                + "FROM cluster_holds h JOIN cluster_nodes n ON n.id = h.node WHERE h.manifest = ?")) {
            s.setString(1, manifest.hex());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), new Holder(NodeId.of(r.getString(1)), r.getString(2), r.getLong(3), r.getInt(4),
                            r.getLong(5), r.getInt(6) == 1, relaying.containsKey(r.getString(1))));
                }
            }
        }
        relaying.forEach(out::putIfAbsent);
        return new ArrayList<>(out.values());
    }

    /** The address facts of the nodes whose held entry says they serve at {@code address}. */
    List<SignedFact> claims(String address) throws SQLException {
        return facts("SELECT f.* FROM cluster_nodes n JOIN cluster_facts f ON f.node = n.id AND f.seq = 0 "
                + "WHERE n.address = ?", address);
    }

    /** Every binding of {@code name} the table holds, once per relaying node (the same fact may come many times). */
    List<SignedFact> bindings(String name) throws SQLException {
        return facts("SELECT f.* FROM cluster_names c JOIN cluster_facts f ON f.node = c.node AND f.seq = c.seq "
                + "WHERE c.name = ?", name);
    }

    /** The facts {@code sql}, a query of cluster_facts rows with one text parameter, finds for {@code arg}. */
    private List<SignedFact> facts(String sql, String arg) throws SQLException {
        List<SignedFact> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(fact(r));
                }
            }
        }
        return out;
    }

    /** The fact a row of cluster_facts holds. */
    static SignedFact fact(ResultSet r) throws SQLException {
        return new SignedFact(NodeId.of(r.getString("origin")), r.getString("kind"), r.getLong("version"),
                r.getBytes("payload"), r.getBytes("signature"), r.getBytes("certificate"));
    }
}
