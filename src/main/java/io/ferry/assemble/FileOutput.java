package io.ferry.assemble;

import io.ferry.chunk.ZeroChunks;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * FileOutput writes an image into a hidden file beside the target ({@code .NAME.ferry-part}), sized up
 * front so zero chunks stay holes, and publishes it in one step: a hard link to the target, which fails
 * if anything appeared there meanwhile (so nothing is clobbered even by a race), or, for a forced
 * delivery, a rename over the file that was checked, and only if that same file is still there. A
 * partial file of the right size from an earlier attempt is reused. The partial file is locked while
 * open ({@link OutputBusyException} for a second delivery to the same path from another process).
 */
final class FileOutput implements Output {
    private final OutputTarget target;
    private final Path part;
    private final RandomAccessFile file;
    private final FileChannel out;
    private final boolean resumed;
    private final ZeroChunks zeros;

    private FileOutput(OutputTarget target, Path part, RandomAccessFile file, boolean resumed, ZeroChunks zeros) {
        this.target = target;
        this.part = part;
        this.file = file;
        this.out = file.getChannel();
        this.resumed = resumed;
        this.zeros = zeros;
    }

    /** Opens the partial file for {@code target}, reusing one of {@code size} bytes from an earlier try. */
    static FileOutput open(OutputTarget target, long size, ZeroChunks zeros) throws IOException {
        Path abs = target.path();
        Path part = partFile(abs);
        boolean existed = Files.exists(part);
        if (existed && Files.exists(abs) && Files.isSameFile(part, abs)) {
            // left by a publish cut short between its link and its unlink: it is the target, not a partial
            Files.delete(part);
            existed = false;
        }
        RandomAccessFile raf = new RandomAccessFile(part.toFile(), "rw");
        if (!lock(raf)) {
            raf.close(); // the file is another delivery's: it must stay
            throw new OutputBusyException(abs, part);
        }
        boolean resume = existed && raf.length() == size;
        try {
            if (!resume) {
                raf.setLength(0);
            }
            raf.setLength(size);
        } catch (IOException e) {
            raf.close();
            Files.deleteIfExists(part);
            throw Output.describe(e, abs);
        }
        return new FileOutput(target, part, raf, resume, zeros);
    }

    /** The hidden file an assembly of {@code target} works in. */
    static Path partFile(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".ferry-part");
    }

    /**
     * Locks the partial file for this process, so a delivery in another process cannot write the same
     * path; the lock goes with the file's descriptor, at close or when the process dies.
     */
    private static boolean lock(RandomAccessFile raf) throws IOException {
        try {
            return raf.getChannel().tryLock() != null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return false; // held by this process: Deliveries should have refused it already
        }
    }

    @Override
    public Path target() {
        return target.path();
    }

    @Override
    public Path writtenAt() {
        return part;
    }

    @Override
    public FileChannel channel() {
        return out;
    }

    @Override
    public boolean resumed() {
        return resumed;
    }

    @Override
    public void zero(long at, int len, byte[] buf) throws IOException {
        if (!resumed) {
            return; // a fresh file is sized with holes: they read as zeros already
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        while (b.hasRemaining() && out.read(b, at + b.position()) >= 0) {
            // reads until full or at the end
        }
        if (zeros.isZero(buf, 0, b.position())) {
            return;
        }
        for (int done = 0; done < len; ) {
            ByteBuffer z = zeros.view(len - done);
            long pos = at + done;
            done += z.remaining();
            while (z.hasRemaining()) {
                pos += out.write(z, pos);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.force(true);
    }

    @Override
    public boolean readsBack() {
        return false; // the target is untouched until the rename: the chunks were verified before they were written
    }

    @Override
    public void publish() throws IOException {
        file.close();
        Path to = target.path();
        if (target.replaces() != null && Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes now = Files.readAttributes(to, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!now.isRegularFile() || !Objects.equals(now.fileKey(), target.replaces())) {
                throw new OutputRefusedException("output path " + to + " was replaced by something else while the image"
                        + " was written; left as it is, and the image kept in " + part.getFileName());
            }
            Files.move(part, to, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        try {
            Files.createLink(to, part); // fails if anything is at the target: a race never clobbers it
        } catch (FileAlreadyExistsException e) {
            throw new OutputRefusedException("output path " + to + " appeared while the image was written; left as it is,"
                    + " and the image kept in " + part.getFileName() + " (use --force to replace it)");
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            // no hard links on this file system: check, then rename (a race can only lose to a writer
            // that creates the target in the instant between the two)
            if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                throw new OutputRefusedException("output path " + to + " appeared while the image was written; left "
                        + "as it is, and the image kept in " + part.getFileName() + " (use --force to replace it)");
            }
            Files.move(part, to, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Files.delete(part);
    }

    @Override
    public void abandon(boolean keep) throws IOException {
        file.close();
        if (!keep) {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public String leftBehind(boolean keep) {
        return keep ? "; the partial file " + part + " is kept for a retry" : "; nothing was written to " + target.path();
    }
}
