package io.ferry.catalog;

import io.ferry.trust.NodeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * NodeIdentity is a node's stable id, kept in {@code node-id} in its data directory: chosen with
 * {@code --id} the first time, else made up once. Peers know a node by it, so it never changes
 * silently: a different {@code --id} on an existing directory is an error.
 */
public final class NodeIdentity {
    private NodeIdentity() {
    }

    public static NodeId load(Path dataDir, String requested) throws IOException {
        NodeId wanted = requested == null ? null : NodeId.of(requested);
        Path file = dataDir.resolve("node-id");
        if (Files.isRegularFile(file)) {
            NodeId id = NodeId.of(Files.readString(file, StandardCharsets.UTF_8).strip());
            if (wanted != null && !wanted.equals(id)) {
                throw new IOException("data directory " + dataDir + " belongs to node '" + id + "', not '" + requested
                        + "' (a node's id never changes; use another --data for another node)");
            }
            return id;
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        NodeId id = wanted != null ? wanted : NodeId.of("node-" + HexFormat.of().formatHex(random));
        Path tmp = dataDir.resolve(".node-id.tmp");
        Files.writeString(tmp, id.value() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }
}
