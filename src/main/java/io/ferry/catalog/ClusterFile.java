package io.ferry.catalog;

import io.ferry.trust.FactVerifier;
import io.ferry.trust.NodeId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * ClusterFile opens the {@link ClusterTable} in a file of its own ({@code cluster.db}), apart from the
 * catalog. The table is a cache of what other nodes said, relearnt from them in an exchange round, and at
 * a thousand nodes it is hundreds of megabytes: inside {@code catalog.db} it made the catalog's check at
 * every open ({@code PRAGMA quick_check}, which reads every page) take seconds. So it is never checked
 * that way; a file SQLite cannot read is moved aside (kept, as the catalog's is) and the table starts
 * empty. The tables it had inside the catalog of earlier versions are dropped from there.
 */
final class ClusterFile {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterFile.class);

    private ClusterFile() {
    }

    static ClusterTable open(Path file, NodeId self, Clock clock, FactVerifier verifier) throws SQLException {
        try {
            return openFile(file, self, clock, verifier);
        } catch (SQLException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + clock.millis());
            log.warn("the cluster table {} is unreadable ({}); kept it as {} and starting with an empty one: "
                    + "the other nodes' entries are learnt again from them", file, e.getMessage(), aside.getFileName());
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
            } catch (IOException m) {
                throw new SQLException("cannot move the unreadable cluster table " + file + " aside: " + m.getMessage(), m);
            }
            return openFile(file, self, clock, verifier);
        }
    }

    private static ClusterTable openFile(Path file, NodeId self, Clock clock, FactVerifier verifier) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try {
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
            }
            return new ClusterTable(db, self, clock, verifier);
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    /** Drops the cluster tables an earlier version kept inside the catalog ({@code s} on the catalog's connection). */
    static void dropFromCatalog(Statement s) throws SQLException {
        s.execute("DROP TABLE IF EXISTS cluster_facts");
        s.execute("DROP TABLE IF EXISTS cluster_nodes");
    }
}
