package io.ferry.exchange;

import io.ferry.catalog.KnownNode;
import io.ferry.trust.NodeId;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holders answers "which chunks of manifest M does node N hold", the one place this is worked out from
 * the table: directly, for the holdings N advertises of M itself (those chunks can be picked by index),
 * and through N's other manifests, whose chunks count wherever the same id occurs in M.
 */
public final class Holders {
    private static final Logger log = LoggerFactory.getLogger(Holders.class);

    /** Told of each chunk index of the target a node holds; {@code byIndex}: as part of the target itself. */
    @FunctionalInterface
    public interface Sink {
        void held(NodeId node, int index, boolean byIndex);
    }

    /** The chunk list of another manifest, from wherever it can be had (null: not to be had). */
    @FunctionalInterface
    public interface Manifests {
        ChunkList chunks(ManifestId manifestId, String address) throws IOException;
    }

    private final ManifestId target;
    private final ChunkList chunks;
    private Map<ChunkId, int[]> where;

    public Holders(ManifestId target, ChunkList chunks) {
        this.target = target;
        this.chunks = chunks;
    }

    /** What {@code e} holds of the target itself. */
    public void ofTarget(KnownNode e, Sink sink) {
        KnownNode.Holding h = e.holding(target);
        if (h != null) {
            h.bits().forEach((int i) -> {
                if (i < chunks.count() && !chunks.isZero(i)) {
                    sink.held(e.node(), i, true);
                }
            });
        }
    }

    /** What {@code e} holds of the target as part of its other manifests (fetched through {@code manifests}). */
    public void viaOthers(KnownNode e, Manifests manifests, Sink sink) {
        for (KnownNode.Holding h : e.holdings()) {
            if (h.manifestId().equals(target)) {
                continue;
            }
            ChunkList other;
            try {
                other = manifests.chunks(h.manifestId(), e.address());
            } catch (IOException ex) {
                log.info("skipping what {} holds of manifest {}: {}", e.node(), h.manifestId(), ex.getMessage());
                continue;
            }
            if (other == null) {
                continue;
            }
            Map<ChunkId, int[]> at = where();
            h.bits().forEach((int k) -> {
                if (k < other.count() && !other.isZero(k)) {
                    for (int i : at.getOrDefault(other.id(k), NONE)) {
                        sink.held(e.node(), i, false);
                    }
                }
            });
        }
    }

    private static final int[] NONE = new int[0];

    /** Every index of the target at which each non-zero chunk id occurs. */
    private Map<ChunkId, int[]> where() {
        if (where == null) {
            Map<ChunkId, List<Integer>> lists = new HashMap<>();
            chunks.forEachNonZero((i, id) -> lists.computeIfAbsent(id, k -> new ArrayList<>(1)).add(i));
            where = new HashMap<>();
            lists.forEach((id, l) -> where.put(id, l.stream().mapToInt(Integer::intValue).toArray()));
        }
        return where;
    }
}
