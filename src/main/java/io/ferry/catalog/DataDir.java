package io.ferry.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * DataDir is a node's directory, held under an exclusive lock for as long as it is open, so two
 * processes never work on one cache and catalog. Layout: {@code lock}, {@code catalog.db}, {@code cluster.db}
 * (what other nodes said: a cache, see {@link ClusterFile}), {@code peers.db} (what this node measured of
 * them, see {@link PeerHistories}),
 * {@code images/} (the durable record of each image held, that the catalog is rebuilt from),
 * {@code manifests/}, {@code cache/}, and {@code ferry.sock} while a node daemon runs. A directory made here
 * is private to its user (0700).
 */
public final class DataDir implements AutoCloseable {
    private static final String SOCKET = "ferry.sock";
    /** The image records ({@link ImageRecords}), one file per image the node holds. */
    static final String IMAGES = "images";
    /** The cluster table's own database. */
    static final String CLUSTER = "cluster.db";

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDir(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public static DataDir open(Path root) throws IOException {
        return open(root, null);
    }

    /** Opens and locks {@code root}; {@code address}, when given, is written into the lock for others to see. */
    public static DataDir open(Path root, String address) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("data directory " + dir + " is not a directory");
        }
        if (!Files.exists(dir)) {
            // the node's socket and catalog live here: other users have no business in it
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path lockFile = dir.resolve("lock");
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String[] holder = Files.readString(lockFile).trim().split("\\s+");
            ch.close();
            String pid = holder.length > 0 && !holder[0].isEmpty() ? " (pid " + holder[0] + ")" : "";
            String via = "; its operator's socket is " + dir.resolve(SOCKET);
            throw new IOException("data directory " + dir + " is in use by another ferry process" + pid + via);
        }
        ch.truncate(0);
        String content = ProcessHandle.current().pid() + (address == null ? "" : " " + address) + "\n";
        ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)), 0);
        return new DataDir(dir, ch, lock);
    }

    /** Rewrites the lock file with this process's pid and the address it serves on. */
    public void advertise(String address) throws IOException {
        lockChannel.truncate(0);
        lockChannel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + address + "\n")
                .getBytes(StandardCharsets.US_ASCII)), 0);
    }

    public Path root() {
        return root;
    }

    /** The Unix socket a node running here serves its operator on. */
    public Path socket() {
        return root.resolve(SOCKET);
    }

    /** The Unix socket of a node running on {@code root}, if one does. */
    public static Path socket(Path root) {
        return root.toAbsolutePath().normalize().resolve(SOCKET);
    }

    public Path cache() {
        return root.resolve("cache");
    }

    public Path manifests() {
        return root.resolve("manifests");
    }

    public Path images() {
        return root.resolve(IMAGES);
    }

    /** What this node measured of its peers ({@link PeerHistories}). */
    public Path peers() {
        return root.resolve("peers.db");
    }

    public Path catalog() {
        return root.resolve("catalog.db");
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
