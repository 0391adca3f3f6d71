package io.ferry.catalog;

import io.ferry.trust.NodeId;
import io.ferry.manifest.ManifestId;
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
 * seen (address, images, chunk bitmaps per manifest) and when it last heard from it. One row per
 * node and manifest holds a compressed bitmap, not one row per chunk, so a thousand nodes with a
 * thousand images stay small. Merging keeps the higher version per node and never accepts an entry
 * about this node itself. Thread-safe (calls are serialised).
 */
public final class ClusterTable {
    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS nodes (
          id TEXT PRIMARY KEY, address TEXT NOT NULL, version INTEGER NOT NULL, seen_at INTEGER NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS node_images (
          node TEXT NOT NULL, name TEXT NOT NULL, manifest_id TEXT NOT NULL, size INTEGER NOT NULL,
          sha256 TEXT NOT NULL, complete INTEGER NOT NULL, PRIMARY KEY (node, name))""",
        """
        CREATE TABLE IF NOT EXISTS holdings (
          node TEXT NOT NULL, manifest_id TEXT NOT NULL, chunks INTEGER NOT NULL, whole INTEGER NOT NULL,
          bitmap BLOB NOT NULL, PRIMARY KEY (node, manifest_id))"""
    };

    private final Connection db;
    private final NodeId self;
    private final java.time.Clock clock;

    ClusterTable(Connection db, NodeId self, java.time.Clock clock) throws SQLException {
        this.db = db;
        this.self = self;
        this.clock = clock;
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            for (String sql : SCHEMA) {
                s.execute(sql);
            }
        }
    }

    /** Adopts {@code e} if it is about another node and newer than what is known; returns whether it did. */
    public synchronized boolean merge(TableEntry e) throws IOException {
        if (e.node().equals(self)) {
            return false;
        }
        try {
            Optional<Long> known = version(e.node());
            if (known.isPresent() && known.get() >= e.version()) {
                return false;
            }
            String node = e.node().value();
            db.setAutoCommit(false);
            try {
                exec("DELETE FROM node_images WHERE node = ?", node);
                exec("DELETE FROM holdings WHERE node = ?", node);
                try (PreparedStatement s = db.prepareStatement("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?, ?)")) {
                    s.setString(1, node);
                    s.setString(2, e.address());
                    s.setLong(3, e.version());
                    s.setLong(4, clock.millis());
                    s.executeUpdate();
                }
                try (PreparedStatement s = db.prepareStatement("INSERT OR REPLACE INTO node_images VALUES (?, ?, ?, ?, ?, ?)")) {
                    for (TableEntry.ImageEntry i : e.images()) {
                        s.setString(1, node);
                        s.setString(2, i.name());
                        s.setString(3, i.manifestId().hex());
                        s.setLong(4, i.size());
                        s.setString(5, i.sha256());
                        s.setInt(6, i.complete() ? 1 : 0);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                try (PreparedStatement s = db.prepareStatement("INSERT OR REPLACE INTO holdings VALUES (?, ?, ?, ?, ?)")) {
                    for (TableEntry.Holding h : e.holdings()) {
                        s.setString(1, node);
                        s.setString(2, h.manifestId().hex());
                        s.setInt(3, h.chunks());
                        s.setInt(4, h.whole() ? 1 : 0);
                        s.setBytes(5, h.bitmap());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                db.commit();
            } catch (SQLException ex) {
                db.rollback();
                throw ex;
            } finally {
                db.setAutoCommit(true);
            }
            return true;
        } catch (SQLException ex) {
            throw new IOException("cannot merge the table entry of node " + e.node() + ": " + ex.getMessage(), ex);
        }
    }

    /** Notes that {@code node} answered (or a peer vouched for it) just now. */
    public synchronized void touch(NodeId node) throws IOException {
        try (PreparedStatement s = db.prepareStatement("UPDATE nodes SET seen_at = ? WHERE id = ?")) {
            s.setLong(1, clock.millis());
            s.setString(2, node.value());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Every other node's newest entry. */
    public synchronized List<TableEntry> entries() throws IOException {
        try {
            Map<String, TableEntry> out = new LinkedHashMap<>();
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM nodes ORDER BY id")) {
                while (r.next()) {
                    out.put(r.getString("id"), new TableEntry(NodeId.of(r.getString("id")), r.getString("address"),
                            r.getLong("version"), new ArrayList<>(), new ArrayList<>()));
                }
            }
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM node_images ORDER BY name")) {
                while (r.next()) {
                    TableEntry e = out.get(r.getString("node"));
                    if (e != null) {
                        e.images().add(new TableEntry.ImageEntry(r.getString("name"), manifestId(r),
                                r.getLong("size"), r.getString("sha256"), r.getInt("complete") == 1));
                    }
                }
            }
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM holdings")) {
                while (r.next()) {
                    TableEntry e = out.get(r.getString("node"));
                    if (e != null) {
                        e.holdings().add(new TableEntry.Holding(manifestId(r), r.getInt("chunks"),
                                r.getInt("whole") == 1, r.getBytes("bitmap")));
                    }
                }
            }
            return new ArrayList<>(out.values());
        } catch (SQLException e) {
            throw new IOException("cannot read the cluster table: " + e.getMessage(), e);
        }
    }

    /** When each other node was last heard from, in epoch milliseconds. */
    public synchronized Map<NodeId, Long> lastSeen() throws IOException {
        Map<NodeId, Long> out = new LinkedHashMap<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT id, seen_at FROM nodes ORDER BY id")) {
            while (r.next()) {
                out.put(NodeId.of(r.getString(1)), r.getLong(2));
            }
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
        return out;
    }

    synchronized void close() throws SQLException {
        db.close();
    }

    private Optional<Long> version(NodeId node) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT version FROM nodes WHERE id = ?")) {
            s.setString(1, node.value());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    private static ManifestId manifestId(ResultSet r) throws SQLException {
        return ManifestId.parse(r.getString("manifest_id"));
    }

    private void exec(String sql, String arg) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, arg);
            s.executeUpdate();
        }
    }
}
