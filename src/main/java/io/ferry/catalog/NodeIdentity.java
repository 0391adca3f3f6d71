package io.ferry.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * NodeIdentity is a node's stable id, kept in {@code node-id} in its data directory: chosen with
 * {@code --id} the first time, else made up once. Peers know a node by it, so it never changes
 * silently: a different {@code --id} on an existing directory is an error.
 */
public final class NodeIdentity {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private NodeIdentity() {
    }

    public static String load(Path dataDir, String requested) throws IOException {
        if (requested != null && !ID.matcher(requested).matches()) {
            throw new IllegalArgumentException("invalid node id '" + requested
                    + "': use 1-64 letters, digits and . _ -, starting with a letter or digit");
        }
        Path file = dataDir.resolve("node-id");
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (requested != null && !requested.equals(id)) {
                throw new IOException("data directory " + dataDir + " belongs to node '" + id + "', not '" + requested
                        + "' (a node's id never changes; use another --data for another node)");
            }
            return id;
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String id = requested != null ? requested : "node-" + HexFormat.of().formatHex(random);
        Path tmp = dataDir.resolve(".node-id.tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }
}
