package io.ferry.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * DenyFile is the deny list as a file the operator edits: one entry per line, a node id
 * ({@code node-7}) or a certificate's SHA-256 fingerprint in hex ({@code 9f86d0...}, any case, colons
 * between bytes allowed as {@code openssl x509 -fingerprint -sha256} prints them); {@code #} starts a
 * comment. A node id denies every certificate of that node; a fingerprint denies one certificate (a
 * stolen key, say) and leaves the node's re-issued one good. Sixty-four hex digits without colons are
 * also a valid node id, and deny both.
 *
 * <p>The file is read again within a second of a change ({@link WatchedFile}); a missing, unreadable or
 * malformed file at start is an IOException, later it leaves the last good list in force. Denial takes
 * effect on the next handshake and the next fact checked; connections already open are not cut here.
 */
public final class DenyFile implements DenyList {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern COLON_HEX = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){31}");

    /** The parsed list: node ids and lower-case fingerprints without colons. */
    record Entries(Set<NodeId> nodes, Set<String> fingerprints) {
    }

    private final WatchedFile<Entries> file;

    private DenyFile(WatchedFile<Entries> file) {
        this.file = file;
    }

    /** Reads {@code file} now and again when it changes, looking no more than once a second by {@code clock}. */
    public static DenyFile open(Path file, Clock clock) throws IOException {
        return new DenyFile(WatchedFile.open(file, clock, "deny list", DenyFile::parse));
    }

    @Override
    public boolean denies(Identity who) {
        Entries e = file.current();
        return who.node() != null && e.nodes().contains(who.node())
                || who.fingerprint() != null && e.fingerprints().contains(who.fingerprint().toLowerCase(Locale.ROOT));
    }

    /** Parses the lines of a deny list called {@code name}; MalformedLineException for a line that is no entry. */
    static Entries parse(String name, List<String> lines) throws MalformedLineException {
        Set<NodeId> nodes = new HashSet<>();
        Set<String> fingerprints = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (entry.isEmpty()) {
                continue;
            }
            String lower = entry.toLowerCase(Locale.ROOT);
            if (COLON_HEX.matcher(lower).matches()) {
                fingerprints.add(lower.replace(":", ""));
                continue;
            }
            if (HEX64.matcher(lower).matches()) {
                fingerprints.add(lower);
            }
            try {
                nodes.add(NodeId.of(entry));
            } catch (IllegalArgumentException e) {
                throw new MalformedLineException(name, i + 1, "'" + Authority.printable(entry) + "' is neither a node id "
                        + "nor a certificate fingerprint (64 hex digits, colons allowed); one entry per line");
            }
        }
        return new Entries(Set.copyOf(nodes), Set.copyOf(fingerprints));
    }
}
