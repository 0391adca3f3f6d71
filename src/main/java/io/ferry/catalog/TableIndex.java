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
        "CREATE INDEX IF NOT EXISTS cluster_nodes_address ON cluster_nodes (address)"
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
        remove(node);
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
            }
            s.executeBatch();
        }
    }

    /** Indexes every one of {@code entries} again, one transaction each (a table made before the index). */
    void rebuild(List<TableEntry> entries) throws SQLException {
        for (TableEntry e : entries) {
            db.setAutoCommit(false);
            try {
                replace(e.node().value(), e.facts(), KnownNode.of(e));
                db.commit();
            } catch (FactFormatException ex) {
                db.rollback(); // a stored entry that does not decode: it stays out of the index
            } finally {
                db.setAutoCommit(true);
            }
        }
    }

    void remove(String node) throws SQLException {
        for (String table : List.of("cluster_names", "cluster_holds")) {
            try (PreparedStatement s = db.prepareStatement("DELETE FROM " + table + " WHERE node = ?")) {
                s.setString(1, node);
                s.executeUpdate();
            }
        }
    }

    /** Whether the index is empty while there are facts to index (a table made before the index). */
    boolean stale() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT "
                + "(SELECT COUNT(*) FROM (SELECT 1 FROM cluster_names LIMIT 1)) + (SELECT COUNT(*) FROM (SELECT 1 FROM cluster_holds LIMIT 1)),"
                + "(SELECT COUNT(*) FROM (SELECT 1 FROM cluster_facts WHERE seq > 0 LIMIT 1))")) {
            return r.next() && r.getInt(1) == 0 && r.getInt(2) > 0;
        }
    }

    /** Every image the table names, by name and manifest. */
    List<Image> images() throws SQLException {
        Map<String, int[]> holds = new LinkedHashMap<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                "SELECT manifest, SUM(whole), COUNT(*) - SUM(whole) FROM cluster_holds GROUP BY manifest")) {
            while (r.next()) {
                holds.put(r.getString(1), new int[] {r.getInt(2), r.getInt(3)});
            }
        }
        Map<String, Image> out = new LinkedHashMap<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT name, manifest, publisher, "
                + "MAX(version), MAX(size), COUNT(*) FROM cluster_names GROUP BY name, manifest, publisher ORDER BY name, manifest")) {
            while (r.next()) {
                String key = r.getString(1) + "\0" + r.getString(2);
                int[] h = holds.getOrDefault(r.getString(2), new int[2]);
                Image seen = out.get(key);
                NodeId publisher = NodeId.of(r.getString(3));
                if (seen == null) {
                    out.put(key, new Image(r.getString(1), ManifestId.parse(r.getString(2)), r.getLong(5), r.getLong(4),
                            List.of(publisher), r.getInt(6), h[0], h[1]));
                } else {
                    List<NodeId> p = new ArrayList<>(seen.publishers());
                    p.add(publisher);
                    out.put(key, new Image(seen.name(), seen.manifestId(), Math.max(seen.size(), r.getLong(5)),
                            Math.max(seen.version(), r.getLong(4)), List.copyOf(p), seen.relays() + r.getInt(6), h[0], h[1]));
                }
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
        List<SignedFact> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT f.* FROM cluster_nodes n JOIN cluster_facts f "
                + "ON f.node = n.id AND f.seq = 0 WHERE n.address = ?")) {
            s.setString(1, address);
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

    /** Every binding of {@code name} the table holds, once per relaying node (the same fact may come many times). */
    List<SignedFact> bindings(String name) throws SQLException {
        List<SignedFact> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT f.* FROM cluster_names c JOIN cluster_facts f "
                + "ON f.node = c.node AND f.seq = c.seq WHERE c.name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(fact(r));
                }
            }
        }
        return out;
    }
}
