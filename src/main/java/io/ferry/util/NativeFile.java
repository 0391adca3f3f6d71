package io.ferry.util;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * NativeFile is a Linux file descriptor for the few calls Java 17 does not offer: {@code lseek} with
 * {@code SEEK_DATA}/{@code SEEK_HOLE} (so holes are found, never read), an {@code O_EXCL} open of a
 * block device (refused with EBUSY while it is mounted or held, as {@code mkfs} relies on; the claim
 * lasts while this descriptor is open), the block-device ioctls {@code BLKGETSIZE64} and
 * {@code BLKZEROOUT}, and {@code posix_fadvise(DONTNEED)} (to read a device back past the page
 * cache). Reads and writes still go through a {@link java.nio.channels.FileChannel} opened beside
 * it: this class only answers questions and holds claims.
 *
 * <p>The binding is JNA's ({@code net.java.dev.jna:jna}), loaded on first use; a process that never
 * needs these calls never loads it.
 */
public final class NativeFile implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;
    private static final int O_EXCL = 0x80;
    private static final int O_CLOEXEC = 0x80000;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int ENOENT = 2;
    private static final int ENXIO = 6;
    private static final int EACCES = 13;
    private static final int EBUSY = 16;
    private static final int EINVAL = 22;
    private static final int ENOTTY = 25;
    private static final int EOPNOTSUPP = 95;
    private static final int POSIX_FADV_DONTNEED = 4;
    /** {@code _IOR(0x12, 114, size_t)}: a block device's size in bytes. */
    private static final long BLKGETSIZE64 = 0x80081272L;
    /** {@code _IO(0x12, 127)}: make a range of a block device read as zeros (never a discard). */
    private static final long BLKZEROOUT = 0x127FL;

    /** The C library, as JNA maps it. Only the calls above are declared. */
    interface C extends Library {
        int open(String path, int flags) throws LastErrorException;

        long lseek(int fd, long offset, int whence) throws LastErrorException;

        int ioctl(int fd, NativeLong request, long[] arg) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        /** Returns the error number itself; errno is not set. */
        int posix_fadvise(int fd, long offset, long len, int advice);
    }

    /** Loaded once, on first use, by the JVM's class initialisation (an immutable handle, not state). */
    private static final class Libc {
        static final C C_LIB = Native.load("c", C.class);
    }

    private final Path path;
    private final int fd;
    private boolean seekUnsupported;

    private NativeFile(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Opens {@code path} for reading. */
    public static NativeFile openRead(Path path) throws IOException {
        return open(path, O_RDONLY | O_CLOEXEC);
    }

    /**
     * Opens a block device for writing, exclusively: a device that is mounted, part of a device-mapper
     * volume in use, or held exclusively by another process is refused with a line saying so.
     */
    public static NativeFile openExclusive(Path path) throws IOException {
        return open(path, O_RDWR | O_EXCL | O_CLOEXEC);
    }

    private static NativeFile open(Path path, int flags) throws IOException {
        try {
            return new NativeFile(path, Libc.C_LIB.open(path.toString(), flags));
        } catch (LastErrorException e) {
            throw switch (e.getErrorCode()) {
                case ENOENT -> new NoSuchFileException(path.toString(), null, "no such file");
                case EACCES -> new AccessDeniedException(path.toString(), null, "permission denied");
                case EBUSY -> new FileSystemException(path.toString(), null,
                        "device is busy (mounted, or in use by another program)");
                default -> new FileSystemException(path.toString(), null, "cannot open: " + reason(e));
            };
        }
    }

    /**
     * Where the next data at or after {@code from} begins, or -1 when only a hole is left. On a file
     * system that cannot tell, everything is data.
     */
    public long nextData(long from) throws IOException {
        if (seekUnsupported) {
            return from;
        }
        try {
            return Libc.C_LIB.lseek(fd, from, SEEK_DATA);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENXIO) {
                return -1;
            }
            if (e.getErrorCode() == EINVAL || e.getErrorCode() == EOPNOTSUPP) {
                seekUnsupported = true;
                return from;
            }
            throw failure("SEEK_DATA", e);
        }
    }

    /**
     * Where the hole after {@code from} begins (the file's size when data runs to its end); {@code from}
     * must be in data. On a file system that cannot tell, {@code size}.
     */
    public long nextHole(long from, long size) throws IOException {
        if (seekUnsupported) {
            return size;
        }
        try {
            return Math.min(size, Libc.C_LIB.lseek(fd, from, SEEK_HOLE));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENXIO) {
                return from; // the file shrank below from
            }
            if (e.getErrorCode() == EINVAL || e.getErrorCode() == EOPNOTSUPP) {
                seekUnsupported = true;
                return size;
            }
            throw failure("SEEK_HOLE", e);
        }
    }

    /** The size in bytes of the block device this descriptor is open on. */
    public long deviceSize() throws IOException {
        long[] size = new long[1];
        try {
            Libc.C_LIB.ioctl(fd, new NativeLong(BLKGETSIZE64), size);
            return size[0];
        } catch (LastErrorException e) {
            throw failure("BLKGETSIZE64", e);
        }
    }

    /**
     * Makes {@code length} bytes at {@code offset} of a block device read as zeros, without sending them
     * (the device zeroes them itself where it can; the kernel writes zeros where it cannot).
     *
     * @return false when the device does not support it: the caller writes zeros
     */
    public boolean zeroOut(long offset, long length) throws IOException {
        try {
            Libc.C_LIB.ioctl(fd, new NativeLong(BLKZEROOUT), new long[] {offset, length});
            return true;
        } catch (LastErrorException e) {
            int code = e.getErrorCode();
            if (code == EOPNOTSUPP || code == ENOTTY || code == EINVAL) {
                return false;
            }
            throw failure("BLKZEROOUT", e);
        }
    }

    /**
     * Drops the clean cached pages of this file or device, so that the next reads come from the medium
     * (a read-back that verifies what a device holds, not what memory holds). Dirty pages stay: flush first.
     */
    public void dropCache() throws IOException {
        int err = Libc.C_LIB.posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        if (err != 0) {
            throw new FileSystemException(path.toString(), null, "posix_fadvise failed: errno " + err);
        }
    }

    private IOException failure(String call, LastErrorException e) {
        return new FileSystemException(path.toString(), null, call + " failed: " + reason(e));
    }

    private static String reason(LastErrorException e) {
        String m = e.getMessage();
        int close = m == null ? -1 : m.indexOf(']');
        return close >= 0 ? m.substring(close + 1).trim() : "errno " + e.getErrorCode();
    }

    @Override
    public void close() throws IOException {
        try {
            Libc.C_LIB.close(fd);
        } catch (LastErrorException e) {
            throw failure("close", e);
        }
    }
}
