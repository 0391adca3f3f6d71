package io.ferry.catalog;

import io.ferry.trust.NodeId;
import io.ferry.manifest.ManifestId;
import java.util.List;

/**
 * TableEntry is what one node says about itself: its address, the images it knows as its own, and
 * which chunks of which manifests it holds. {@code version} only grows (it starts from the clock),
 * so of two entries for one node the higher version is the newer and merging is idempotent.
 */
public record TableEntry(NodeId node, String address, long version, List<ImageEntry> images,
                         List<Holding> holdings) {

    /** An image a node holds, by name. */
    public record ImageEntry(String name, ManifestId manifestId, long size, String sha256, boolean complete) {
    }

    /**
     * The chunks of manifest {@code manifestId} a node holds, as a serialized RoaringBitmap of chunk
     * indices; {@code whole} means all of them, from one file that serves contiguous runs.
     */
    public record Holding(ManifestId manifestId, int chunks, boolean whole, byte[] bitmap) {
    }
}
