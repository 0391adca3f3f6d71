package io.ferry.plan;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * SiteShare lets a chunk cross the link between sites once per site. When other nodes of this node's
 * site are delivering the same manifest at the same time (the table shows their partial holdings), the
 * missing chunks are dealt out among them all by blocks of up to {@link #BLOCK} indices (so each one's
 * share is runs, not single chunks; smaller for a small image, so each gets at least {@link #BLOCKS_EACH}
 * blocks), by node id: each node fetches only its own blocks from peers of other sites, and the rest from
 * its site mates once they hold them. So a chunk crosses once, and each node of the group carries a part of
 * the crossing. Its own part comes first ({@link Holdings#waitsForOwnShare}): its mates wait for it, and
 * a slow node that spread its link over its mates' chunks would hold the whole site back.
 *
 * <p>Without starving anyone (the trap Kraken's topology-aware attempt fell into, its issue #244): a node
 * that has made no progress for a while stops deferring ({@link #undefer}, the executor's call) and
 * fetches what is left from wherever it is. Not thread-safe: its plan guards it.
 */
final class SiteShare {
    /** Indices dealt out together: 64 chunks of 16 KiB, one request's worth. */
    static final int BLOCK = 64;
    /** Each member of a group gets at least this many blocks, where the image is large enough. */
    static final int BLOCKS_EACH = 16;

    private static final Comparator<NodeId> BY_ID = Comparator.comparing(NodeId::value);

    private final NodeId self;
    private final int count;
    /** This node and its mates, by id (empty until the first mate): sorted as they come, not re-sorted. */
    private final List<NodeId> group = new ArrayList<>();
    private int block = BLOCK;
    private int me;
    private boolean off;

    /** For node {@code self} (null: never shares), of a target of {@code count} indices. */
    SiteShare(NodeId self, int count) {
        this.self = self;
        this.count = count;
    }

    /** {@code node}, of this node's site, is delivering the same manifest; true when that is news. */
    boolean mate(NodeId node) {
        if (self == null || node.equals(self)) {
            return false;
        }
        if (group.isEmpty()) {
            group.add(self);
        }
        int at = Collections.binarySearch(group, node, BY_ID);
        if (at >= 0) {
            return false;
        }
        group.add(-at - 1, node);
        me = Collections.binarySearch(group, self, BY_ID);
        block = Math.max(1, Math.min(BLOCK, count / (BLOCKS_EACH * group.size())));
        return true;
    }

    /** Whether index {@code i} is left to a site mate to bring across (so other sites' peers are not asked for it here). */
    boolean defers(int i) {
        return !off && !group.isEmpty() && (i / block) % group.size() != me;
    }

    /** Whether index {@code i} is this node's to bring across (false when nothing is dealt out). */
    boolean mine(int i) {
        return !off && !group.isEmpty() && (i / block) % group.size() == me;
    }

    /** Whether some chunks are being left to site mates. */
    boolean deferring() {
        return !off && !group.isEmpty();
    }

    /** From now on every chunk may come from any site. */
    void undefer() {
        off = true;
    }
}
