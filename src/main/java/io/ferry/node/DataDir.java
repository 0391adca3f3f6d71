package io.ferry.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * DataDir is a node's directory, held under an exclusive lock for as long as it is open, so two
 * processes never work on one cache and catalog. Layout: {@code lock}, {@code catalog.db},
 * {@code manifests/}, {@code cache/}.
 */
public final class DataDir implements AutoCloseable {
    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDir(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public static DataDir open(Path root) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("data directory " + dir + " is not a directory");
        }
        Files.createDirectories(dir);
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
            String holder = Files.readString(lockFile).trim();
            ch.close();
            throw new IOException("data directory " + dir + " is in use by another ferry process"
                    + (holder.isEmpty() ? "" : " (pid " + holder + ")"));
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new DataDir(dir, ch, lock);
    }

    public Path root() {
        return root;
    }

    public Path cache() {
        return root.resolve("cache");
    }

    public Path manifests() {
        return root.resolve("manifests");
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
