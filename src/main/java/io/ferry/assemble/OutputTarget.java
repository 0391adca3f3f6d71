package io.ferry.assemble;

import io.ferry.catalog.ImageRecord;
import io.ferry.util.NativeFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OutputTarget is a path an image may be written to, checked before anything is fetched or written.
 * A path that does not exist becomes a file ({@link Kind#FILE}: written as a hidden partial file beside
 * it and published by a rename that never replaces what appeared meanwhile). An existing regular file is
 * refused unless {@code force}, and then replaced only by that final rename. A block device, named
 * directly or through a symbolic link (as LVM's {@code /dev/VG/LV} are), is written in place
 * ({@link Kind#DEVICE}); it must not be busy (an exclusive open, as {@code mkfs} does). Never, even with
 * {@code force}: a file or device that is the seed of an image this node holds (the same real path, the
 * same inode, or the same device number), a symbolic link to anything but a block device, a directory,
 * a character device, a fifo or a socket.
 *
 * @param path  the path as the user named it, absolute
 * @param real  where the bytes go: {@code path} for a file, the device node's real path for a device
 * @param replaces the identity ({@link BasicFileAttributes#fileKey()}) of the regular file a forced
 *                 delivery replaces; null when there is none. Only that file is replaced at the end.
 */
public record OutputTarget(Path path, Path real, Kind kind, Object replaces) {
    /** What the bytes are written into. */
    public enum Kind { FILE, DEVICE }

    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFCHR = 0020000;

    /**
     * Checks {@code target} as an output for this node, which holds {@code held}.
     *
     * @throws OutputRefusedException naming the path and the reason, in one line
     */
    public static OutputTarget check(Path target, boolean force, List<ImageRecord> held) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new OutputRefusedException("output directory " + dir + " does not exist");
        }
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            return new OutputTarget(abs, abs, Kind.FILE, null);
        }
        boolean link = Files.isSymbolicLink(abs);
        if (link && !Files.exists(abs)) {
            throw new OutputRefusedException("output path " + abs + " is a symbolic link to " + Files.readSymbolicLink(abs)
                    + ", which does not exist; ferry never replaces a link: name the file itself");
        }
        Path real = abs.toRealPath();
        String seedOf = seedOf(real, held);
        if (seedOf != null) {
            throw new OutputRefusedException("output path " + abs + " is the seed of image '" + seedOf
                    + "' held here; ferry never overwrites a seed (ferry rm " + seedOf + " first, or choose another path)");
        }
        int type = mode(real) & S_IFMT;
        if (type == S_IFBLK) {
            checkNotBusy(real);
            return new OutputTarget(abs, real, Kind.DEVICE, null);
        }
        if (link) {
            throw new OutputRefusedException("output path " + abs + " is a symbolic link to " + real
                    + "; ferry never replaces a link with a file: name the file itself");
        }
        if (Files.isDirectory(real)) {
            throw new OutputRefusedException("output path " + abs + " is a directory");
        }
        if (!Files.isRegularFile(real)) {
            throw new OutputRefusedException("output path " + abs + " is " + (type == S_IFCHR ? "a character device"
                    : "not a regular file") + "; ferry writes images to files and block devices only");
        }
        if (!force) {
            throw new OutputRefusedException("output path " + abs + " already exists; use --force to replace it "
                    + "(it is replaced only once the new image is complete)");
        }
        return new OutputTarget(abs, abs, Kind.FILE, Files.readAttributes(abs, BasicFileAttributes.class).fileKey());
    }

    /** The name of the image in {@code held} whose seed is the file or device at {@code real}; null: none. */
    static String seedOf(Path real, List<ImageRecord> held) throws IOException {
        Map<String, Object> at = identity(real);
        for (ImageRecord r : held) {
            Path seed = r.seedFile();
            if (seed == null || !Files.exists(seed)) {
                continue;
            }
            if (seed.toRealPath().equals(real)) {
                return r.name();
            }
            Map<String, Object> s = identity(seed);
            boolean sameInode = Objects.equals(s.get("dev"), at.get("dev")) && Objects.equals(s.get("ino"), at.get("ino"));
            boolean sameDevice = (mode(s) & S_IFMT) == S_IFBLK && (mode(at) & S_IFMT) == S_IFBLK
                    && Objects.equals(s.get("rdev"), at.get("rdev"));
            if (sameInode || sameDevice) {
                return r.name(); // a hard link, or another node of the same device
            }
        }
        return null;
    }

    private static Map<String, Object> identity(Path p) throws IOException {
        return Files.readAttributes(p, "unix:dev,ino,rdev,mode");
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode");
    }

    private static int mode(Map<String, Object> attrs) {
        return (Integer) attrs.get("mode");
    }

    /** Refuses a mounted or held device now, before the delivery fetches anything for it. */
    private static void checkNotBusy(Path device) throws IOException {
        try (NativeFile claim = NativeFile.openExclusive(device)) {
            Objects.requireNonNull(claim); // opened and released: the delivery claims it again to write
        } catch (java.nio.file.FileSystemException e) {
            throw new OutputRefusedException("cannot write image to " + device + ": " + e.getReason());
        }
    }

    /** A target that is a file at {@code target}, unchecked: for tests of the assembly alone. */
    static OutputTarget file(Path target) {
        return new OutputTarget(target.toAbsolutePath(), target.toAbsolutePath(), Kind.FILE, null);
    }
}
