package io.ferry.trust;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * NewFiles writes the CA's and a node's files: only into a directory that is new or empty (so nothing
 * is ever overwritten, a CA key least of all), each file created, never replaced, with its final
 * permissions from the start, so a private key is not readable by others even for a moment.
 */
final class NewFiles {
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private NewFiles() {
    }

    /** Creates {@code dir} (mode 0700) or takes it when it is an empty directory; IOException otherwise. */
    static void emptyDirectory(Path dir, String purpose) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                if (entries.iterator().hasNext()) {
                    throw new IOException("refusing to write " + purpose + " into " + dir
                            + ": it is not empty (choose a new directory)");
                }
            }
            return;
        }
        if (posix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            // the umask may have taken bits away, never added any; set the mode anyway so it is exactly 0700
            Files.setPosixFilePermissions(dir, PRIVATE_DIR);
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Creates {@code file} holding {@code text}, mode 0600 when {@code secret} else 0644, flushed to disk. */
    static void write(Path file, String text, boolean secret) throws IOException {
        Set<PosixFilePermission> mode = secret ? SECRET : PUBLIC;
        FileAttribute<?>[] attrs = posix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attrs)) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        if (attrs.length > 0) {
            Files.setPosixFilePermissions(file, mode);
        }
    }

    /** Removes what a failed run wrote, so that running it again is not refused for a non-empty directory. */
    static void remove(List<Path> written, IOException cause) {
        for (Path p : written) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
