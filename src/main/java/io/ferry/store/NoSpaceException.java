package io.ferry.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * NoSpaceException: the file system holding the cache is full. Its message is one line that names the
 * file being written, the space left, what the cache holds and what of that is dead, and the way out,
 * because "No space left on device" alone named nothing (issue 10).
 */
public final class NoSpaceException extends IOException {
    public NoSpaceException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code e}, or what caused it, is the file system (or SQLite on it) being full. */
    public static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSpaceException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("SQLITE_FULL")
                    || m.contains("database or disk is full"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Describes {@code cause}, met writing {@code file} of a cache of {@code packs} packs; no cause when
     * the cache refused to take the {@code headroom} it leaves for rm and gc.
     */
    static NoSpaceException writing(Path file, IOException cause, Path dataDir, long cacheBytes, int packs,
                                    long deadBytes, long headroom) {
        String free;
        try {
            free = bytes(Files.getFileStore(dataDir).getUsableSpace()) + " free"
                    + (cause == null ? " (the cache leaves " + bytes(headroom) + " for rm and gc)" : "");
        } catch (IOException e) {
            free = "unknown space free";
        }
        String way = deadBytes > 0 ? "of which " + bytes(deadBytes) + " dead: `ferry gc` gives that back"
                : "all of it in use: `ferry rm` an image, then `ferry gc`";
        return new NoSpaceException(String.format("no space left on device writing %s: the file system of %s has %s;"
                + " the cache holds %s in %d packs, %s", file, dataDir, free, bytes(cacheBytes), packs, way), cause);
    }

    /** {@code n} bytes in the largest binary unit that keeps it at least 1. */
    static String bytes(long n) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
