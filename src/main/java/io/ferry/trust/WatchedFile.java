package io.ferry.trust;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WatchedFile is a small text file an operator edits while nodes run (the deny list, the policy), parsed
 * into a value and parsed again when it changes: its modification time, size or file key (a new file
 * renamed into place) differ from the last read. Whether it changed is looked at no more than once per
 * {@link #CHECK_EVERY} of the injected clock, by whichever caller comes first while the others go on
 * with the value they have, so lookups on the serving path never wait for the disk.
 *
 * <p>A file that cannot be read or parsed when opened is an IOException; one that becomes unreadable or
 * malformed later leaves the last good value in force, with one warning until it is good again.
 */
final class WatchedFile<T> {
    private static final Logger log = LoggerFactory.getLogger(WatchedFile.class);
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** A deny list of 50,000 fingerprints is 3.3 MB; anything bigger is a mistake, not a list. */
    static final long MAX_SIZE = 8L << 20;

    /** Turns the lines of a file, named {@code name} in messages, into a value. */
    interface Parser<T> {
        T parse(String name, List<String> lines) throws MalformedLineException;
    }

    private record Stamp(FileTime modified, long size, Object key) {
    }

    private final Path file;
    private final Clock clock;
    private final String what;
    private final Parser<T> parser;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile T value;
    private Stamp stamp;         // guarded by checking
    private Instant checked;     // guarded by checking
    private boolean warned;      // guarded by checking

    private WatchedFile(Path file, Clock clock, String what, Parser<T> parser) {
        this.file = file;
        this.clock = clock;
        this.what = what;
        this.parser = parser;
    }

    /** Reads and parses {@code file} (a {@code what}, for messages) now; IOException if it cannot. */
    static <T> WatchedFile<T> open(Path file, Clock clock, String what, Parser<T> parser) throws IOException {
        WatchedFile<T> w = new WatchedFile<>(file, clock, what, parser);
        w.checked = clock.instant();
        w.stamp = stamp(file);
        w.value = w.read();
        return w;
    }

    /** The value of the file as last read, read again first if it is time to look and it changed. */
    T current() {
        if (!checking.tryLock()) {
            return value;
        }
        try {
            Instant now = clock.instant();
            // a clock set back looks at once, rather than not at all until it catches up
            if (now.isBefore(checked.plus(CHECK_EVERY)) && !now.isBefore(checked)) {
                return value;
            }
            checked = now;
            // the stamp is taken before the read: a change during the read is seen at the next look
            Stamp s = stamp(file);
            if (!s.equals(stamp)) {
                value = read();
                stamp = s;
                log.info("re-read the {} {}", what, file);
                warned = false;
            }
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                log.warn("cannot read the {} {} ({}); the last one read stays in force", what, file, e.getMessage());
            }
        } finally {
            checking.unlock();
        }
        return value;
    }

    private T read() throws IOException {
        long size = Files.size(file);
        if (size > MAX_SIZE) {
            throw new IOException(file + ": " + size + " bytes is too large for a " + what);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        }
        return parser.parse(file.getFileName().toString(), lines);
    }

    private static Stamp stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
    }
}
