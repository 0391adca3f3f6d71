package io.ferry.plan;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * SiteShare lets a chunk cross the link between sites once per site. When other nodes of this node's
 * site are delivering the same manifest at the same time (the table shows their partial holdings), the
 * missing chunks are dealt out among them all by blocks of {@link #BLOCK} indices (so each one's share is
 * runs, not single chunks), by node id: each node fetches only its own blocks from peers of other sites,
 * and the rest from its site mates once they hold them. So a chunk crosses once, and each node of the
 * group carries a part of the crossing.
 *
 * <p>Without starving anyone (the trap Kraken's topology-aware attempt fell into, its issue #244): a node
 * that has made no progress for a while stops deferring ({@link #undefer}, the executor's call) and
 * fetches what is left from wherever it is. Not thread-safe: its plan guards it.
 */
final class SiteShare {
    /** Indices dealt out together: 64 chunks of 16 KiB, one request's worth. */
    static final int BLOCK = 64;

    private final NodeId self;
    private final List<NodeId> mates = new ArrayList<>();
    private List<NodeId> group = List.of();
    private boolean off;

    SiteShare(NodeId self) {
        this.self = self;
    }

    /** {@code node}, of this node's site, is delivering the same manifest; true when that is news. */
    boolean mate(NodeId node) {
        if (self == null || node.equals(self) || mates.contains(node)) {
            return false;
        }
        mates.add(node);
        List<NodeId> g = new ArrayList<>(mates);
        g.add(self);
        g.sort(java.util.Comparator.comparing(NodeId::value));
        group = List.copyOf(g);
        return true;
    }

    /** Whether index {@code i} is left to a site mate to bring across (so other sites' peers are not asked for it here). */
    boolean defers(int i) {
        return !off && !group.isEmpty() && !group.get(Math.floorMod(i / BLOCK, group.size())).equals(self);
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
