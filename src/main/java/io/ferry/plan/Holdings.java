package io.ferry.plan;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holdings is the part of a plan that knows the peers: each one's profile, which of the missing chunks
 * (by position, see {@link Claims}) it holds, which indices of the target it holds (so they can be picked
 * by index), and which peers are dropped. Peers are numbered by bit in the order first heard of. Calls
 * are serialised on the plan (its subclass shares the lock).
 */
abstract class Holdings implements Plan {
    static final byte PENDING = 0;
    static final byte CLAIMED = 1;
    static final byte DONE = 2;
    /** Per position, its index in the target (the first, if the chunk recurs). */
    int[] firstIndex;
    /** Per position, PENDING, CLAIMED or DONE. */
    byte[] state;
    /** Per position, the peer it is given to. */
    Owners owners;
    /** Which chunks site mates bring across the link between sites. */
    SiteShare site;
    /** Per node, the positions it holds. */
    final List<BitSet> holds = new ArrayList<>();
    /** Per node, the indices of the target it holds. */
    final Map<Integer, BitSet> holdsTarget = new HashMap<>();
    final Map<NodeId, Integer> nodeBit = new HashMap<>();
    final Map<NodeId, PeerProfile> profiles = new HashMap<>();
    final List<NodeId> nodeName = new ArrayList<>();
    final BitSet dropped = new BitSet();
    /** Node bits of peers in another site than this node's. */
    private final BitSet remote = new BitSet();
    /** Per position, how many nodes not dropped hold it. */
    int[] live;
    /** Positions nobody is fetching yet. */
    final BitSet pending = new BitSet();
    /**
     * Positions this node brings across for its site ({@link SiteShare#mine}) that no peer of its site holds
     * yet; null: not worked out for this group.
     */
    private BitSet ownShare;

    /** Something a schedule depends on changed (a holder, a peer). */
    abstract void changed();

    /** Node bit {@code b} no longer sends position {@code p}: whatever it was given goes back to nobody. */
    abstract void ownerless(int b, int p);

    /** Whether {@code b} may be asked for nothing: dropped, or not {@link PeerProfile#usable}. */
    boolean barred(int b) {
        PeerProfile p = profiles.get(nodeName.get(b));
        return dropped.get(b) || p != null && !p.usable();
    }

    /** Whether node bit {@code b} is of another site and position {@code p} is left to a site mate to bring. */
    boolean defers(int b, int p) {
        return remote.get(b) && site.defers(firstIndex[p]); // in the claim's scan: no map lookups
    }

    /**
     * Whether node bit {@code b}, of this node's site, is to wait: while this node's own part of the
     * crossing ({@link SiteShare}) has chunks nobody is fetching yet that only peers of another site hold,
     * site mates are not asked, so this node's link goes to what its mates wait for.
     */
    boolean waitsForOwnShare(int b) {
        if (remote.get(b) || !site.deferring()) {
            return false;
        }
        if (ownShare == null) { // this node's part that no peer of its site holds yet; hold() keeps it so
            ownShare = new BitSet();
            for (int p = 0; p < firstIndex.length; p++) {
                ownShare.set(p, site.mine(firstIndex[p]) && !siteHolds(p));
            }
        }
        if (!ownShare.intersects(pending)) {
            return false;
        }
        for (int p = ownShare.nextSetBit(0); p >= 0; p = ownShare.nextSetBit(p + 1)) {
            if (pending.get(p) && heldAcross(p)) {
                return true; // the first such chunk, as a rule: the one in front is held by the peer across
            }
        }
        return false;
    }

    private boolean siteHolds(int p) {
        for (int b = 0; b < holds.size(); b++) {
            if (!remote.get(b) && holds.get(b).get(p)) {
                return true;
            }
        }
        return false;
    }

    private boolean heldAcross(int p) {
        for (int b = remote.nextSetBit(0); b >= 0; b = remote.nextSetBit(b + 1)) {
            if (holds.get(b).get(p) && !barred(b)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized long heldOnSite() {
        long n = 0;
        for (int b = 0; b < holds.size(); b++) {
            if (!remote.get(b) && !dropped.get(b)) {
                n += holds.get(b).cardinality();
            }
        }
        return n;
    }

    /** The site's group changed: this node's part of the crossing is worked out again. */
    void regrouped() {
        ownShare = null;
    }

    NodeId node(int b) {
        return nodeName.get(b);
    }

    int bit(NodeId node) {
        Integer b = nodeBit.get(node);
        if (b == null) {
            b = nodeName.size();
            nodeBit.put(node, b);
            nodeName.add(node);
            holds.add(new BitSet());
        }
        return b;
    }

    int hold(NodeId node, int p) {
        int b = bit(node);
        if (dropped.get(b)) {
            return -1;
        }
        if (!holds.get(b).get(p)) {
            holds.get(b).set(p);
            live[p]++;
            if (ownShare != null && !remote.get(b)) {
                ownShare.clear(p); // held on this site now: it need not cross
            }
            changed();
        }
        return b;
    }

    @Override
    public synchronized Set<NodeId> nodesWithWork() {
        Set<NodeId> out = new HashSet<>();
        for (int b = 0; b < nodeName.size(); b++) {
            if (!dropped.get(b) && holds.get(b).intersects(pending)) {
                out.add(nodeName.get(b));
            }
        }
        return out;
    }

    @Override
    public synchronized void dropNode(NodeId node) {
        int b = bit(node);
        if (!dropped.get(b)) {
            dropped.set(b);
            holds.get(b).stream().forEach(p -> {
                live[p]--;
                ownerless(b, p);
            });
            changed();
        }
    }

    @Override
    public synchronized void readmit(NodeId node) {
        int b = bit(node);
        if (dropped.get(b)) {
            dropped.clear(b);
            holds.get(b).stream().forEach(p -> live[p]++);
            changed();
        }
    }

    @Override
    public synchronized Set<NodeId> liveNodes() {
        Set<NodeId> out = new HashSet<>();
        for (int b = 0; b < nodeName.size(); b++) {
            if (!dropped.get(b)) {
                out.add(nodeName.get(b));
            }
        }
        return out;
    }

    @Override
    public synchronized boolean isDropped(NodeId node) {
        Integer b = nodeBit.get(node);
        return b != null && dropped.get(b);
    }

    @Override
    public synchronized void addPeer(PeerProfile peer) {
        if (!peer.equals(profiles.put(peer.node(), peer))) {
            remote.set(bit(peer.node()), peer.remote());
            changed();
        }
    }

    @Override
    public synchronized PeerProfile peer(NodeId node) {
        return profiles.get(node);
    }

}
