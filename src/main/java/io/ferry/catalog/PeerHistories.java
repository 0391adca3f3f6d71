package io.ferry.catalog;

import io.ferry.trust.NodeId;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * PeerHistories keeps what this node measured of each peer ({@link PeerHistory}) across deliveries and
 * restarts, keyed by the peer's verified node id (never by address: an address can change hands).
 *
 * <p>It is a file of its own ({@code peers.db}), not the cluster table: that one is a cache of what
 * other nodes said and may be thrown away and relearnt, while this is this node's own experience, which
 * nobody else can give back (a peer that lied must stay known as one). A file SQLite cannot read is
 * moved aside and the history starts empty: the planner then falls back on configured figures. Small: a
 * row per peer. Thread-safe.
 */
public final class PeerHistories implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PeerHistories.class);
    private final Connection db;

    private PeerHistories(Connection db) {
        this.db = db;
    }

    /** Opens (or makes) the history file {@code file}; an unreadable one is moved aside. */
    public static PeerHistories open(Path file) throws IOException {
        try {
            return new PeerHistories(connect(file));
        } catch (SQLException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
            log.warn("the peer history {} is unreadable ({}); kept it as {} and starting afresh", file, e.getMessage(),
                    aside.getFileName());
            try {
                java.nio.file.Files.move(file, aside);
                return new PeerHistories(connect(file));
            } catch (IOException | SQLException again) {
                throw new IOException("cannot open the peer history " + file + ": " + again.getMessage(), again);
            }
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("""
                CREATE TABLE IF NOT EXISTS peer_history (
                  node TEXT PRIMARY KEY, bytes_per_second REAL NOT NULL, latency_seconds REAL NOT NULL,
                  deliveries INTEGER NOT NULL, errors INTEGER NOT NULL, corruptions INTEGER NOT NULL)""");
            s.executeQuery("SELECT count(*) FROM peer_history").close(); // a damaged file fails here, not later
            return db;
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    /** Every peer's history. */
    public synchronized Map<NodeId, PeerHistory> all() throws IOException {
        Map<NodeId, PeerHistory> out = new HashMap<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM peer_history")) {
            while (r.next()) {
                out.put(NodeId.of(r.getString("node")), new PeerHistory(r.getDouble("bytes_per_second"),
                        r.getDouble("latency_seconds"), r.getInt("deliveries"), r.getInt("errors"), r.getInt("corruptions")));
            }
        } catch (SQLException | IllegalArgumentException e) {
            throw new IOException("cannot read the peer history: " + e.getMessage(), e);
        }
        return out;
    }

    /** Replaces what is kept of {@code node}. */
    public synchronized void put(NodeId node, PeerHistory h) throws IOException {
        try (PreparedStatement s = db.prepareStatement("INSERT OR REPLACE INTO peer_history VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, node.value());
            s.setDouble(2, h.bytesPerSecond());
            s.setDouble(3, h.latencySeconds());
            s.setInt(4, h.deliveries());
            s.setInt(5, h.errors());
            s.setInt(6, h.corruptions());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot write the peer history: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
