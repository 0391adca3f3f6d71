package io.ferry.plan;

import io.ferry.trust.NodeId;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Claims tracks the missing chunks of one delivery: which peers hold each, which are claimed by a
 * fetch in flight, and which are done. Peers claim work with {@link #claim}; a failed request
 * {@link #release}s its claim; a failed peer is {@link #dropNode dropped} and never offered work
 * again. Thread-safe.
 *
 * <p>A peer is asked for the rarest chunks it holds first: those the fewest known nodes hold. In a
 * swarm that makes the origin (the first holder) send what no other node has yet, while chunks that have spread are
 * fetched from the nodes that have them, so the origin's uplink carries each chunk about once. Among
 * equally rare chunks the scan looks first at a window of the image just past the first chunk not yet
 * in ({@link #WINDOW} chunks, about 128 MiB), starting at this delivery's own offset in it (from
 * {@code spread}, derived from the fetching node's id) and going round it; then at the rest in order.
 * Nodes that start together at one origin thus ask it for different parts and soon have something to
 * give each other, while the image still fills front to back, so the whole-image digest, which reads
 * it in order, keeps up instead of running after the last chunk.
 *
 * <p>State lives in flat arrays indexed by a chunk's position among the distinct missing chunks (in
 * image order): a state byte and a 64-bit mask of holders, so a claim is one pass of array reads and
 * bit counts under the lock, not a walk of hash maps. At most 64 peers take part in one delivery;
 * further ones are ignored (documented limit).
 */
public final class Claims implements Plan {
    private static final byte PENDING = 0;
    private static final byte CLAIMED = 1;
    private static final byte DONE = 2;
    public static final int MAX_NODES = 64;

    private final ManifestId target;
    private final ChunkList chunks;
    private final List<ChunkId> ids = new ArrayList<>();
    private final Map<ChunkId, Integer> position = new HashMap<>();
    private final int[] firstIndex;
    private final byte[] state;
    private final long[] holders;
    /** Per node bit, the indices of the target it holds (so they can be picked by index). */
    private final Map<Integer, BitSet> holdsTarget = new HashMap<>();
    private final Map<NodeId, Integer> nodeBit = new HashMap<>();
    private final Map<NodeId, PeerProfile> profiles = new HashMap<>();
    private final List<NodeId> nodeName = new ArrayList<>();
    /** Positions in the window that claims go round first (16 KiB chunks: about 128 MiB). */
    static final int WINDOW = 8192;
    private final long spread;
    private long dropped;
    private long known;
    private int firstOpen;
    private int done;

    /**
     * @param target  the id of the manifest being delivered
     * @param missing indices of its chunks still to fetch (non-zero)
     * @param spread  any number, different for each fetching node: picks where claims start
     */
    public Claims(ManifestId target, ChunkList chunks, BitSet missing, long spread) {
        this.target = target;
        this.chunks = chunks;
        List<Integer> first = new ArrayList<>();
        for (int i = missing.nextSetBit(0); i >= 0; i = missing.nextSetBit(i + 1)) {
            ChunkId id = chunks.id(i);
            if (position.putIfAbsent(id, ids.size()) == null) {
                ids.add(id);
                first.add(i);
            }
        }
        firstIndex = first.stream().mapToInt(Integer::intValue).toArray();
        state = new byte[ids.size()];
        holders = new long[ids.size()];
        this.spread = spread;
    }

    private int bit(NodeId node) {
        Integer b = nodeBit.get(node);
        if (b == null) {
            if (nodeName.size() == MAX_NODES) {
                return -1;
            }
            b = nodeName.size();
            nodeBit.put(node, b);
            nodeName.add(node);
        }
        return b;
    }

    /** The distinct chunks still wanted (not done). */
    @Override
    public synchronized Set<ChunkId> wanted() {
        Set<ChunkId> out = new HashSet<>();
        for (int p = firstOpen; p < ids.size(); p++) {
            if (state[p] != DONE) {
                out.add(ids.get(p));
            }
        }
        return out;
    }

    /** Records that {@code node} holds chunk {@code id}. */
    @Override
    public synchronized void addHolder(NodeId node, ChunkId id) {
        Integer p = position.get(id);
        if (p != null) {
            hold(node, p);
        }
    }

    /** Records that {@code node} holds index {@code i} of the manifest being delivered (picks possible). */
    @Override
    public synchronized void addTargetHolder(NodeId node, int i) {
        Integer p = position.get(chunks.id(i));
        if (p != null && hold(node, p) >= 0) {
            holdsTarget.computeIfAbsent(nodeBit.get(node), b -> new BitSet()).set(i);
        }
    }

    private int hold(NodeId node, int p) {
        int b = bit(node);
        if (b < 0 || (dropped & 1L << b) != 0) {
            return -1;
        }
        if ((holders[p] & 1L << b) == 0) {
            holders[p] |= 1L << b;
            known |= 1L << b;
        }
        return b;
    }

    /** Whether {@code node} holds every chunk not yet done. */
    @Override
    public synchronized boolean holdsAllPending(NodeId node) {
        Integer b = nodeBit.get(node);
        if (b == null) {
            return ids.isEmpty();
        }
        long me = 1L << b;
        for (int p = firstOpen; p < ids.size(); p++) {
            if (state[p] != DONE && (holders[p] & me) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The nodes that hold at least one pending chunk. */
    @Override
    public synchronized Set<NodeId> nodesWithWork() {
        long want = known & ~dropped;
        long found = 0;
        advanceFirstOpen();
        for (int p = firstOpen; p < ids.size() && found != want; p++) {
            if (state[p] == PENDING) {
                found |= holders[p] & want;
            }
        }
        Set<NodeId> out = new HashSet<>();
        for (int b = 0; b < nodeName.size(); b++) {
            if ((found & 1L << b) != 0) {
                out.add(nodeName.get(b));
            }
        }
        return out;
    }

    private void advanceFirstOpen() {
        while (firstOpen < ids.size() && state[firstOpen] == DONE) {
            firstOpen++;
        }
    }

    /**
     * Claims up to {@code maxBytes} (and {@code maxChunks}) of pending chunks {@code node} holds: it
     * starts at the rarest such chunk (the first found in the order the class comment gives) and takes
     * the chunks after it that are no less rare; null when the node holds none.
     */
    @Override
    public synchronized Job claim(NodeId node, long maxBytes, int maxChunks) {
        Integer b = nodeBit.get(node);
        if (b == null || (dropped & 1L << b) != 0) {
            return null;
        }
        long me = 1L << b;
        long live = ~dropped;
        int n = ids.size();
        int first = -1;
        int rarest = Integer.MAX_VALUE;
        advanceFirstOpen();
        int window = Math.min(WINDOW, n - firstOpen);
        int offset = window == 0 ? 0 : (int) Math.floorMod(spread, (long) window);
        for (int k = 0; k < n - firstOpen && rarest > 1; k++) {
            int p = k >= window ? firstOpen + k : firstOpen + (offset + k < window ? offset + k : offset + k - window);
            if (state[p] == PENDING && (holders[p] & me) != 0) {
                int count = Long.bitCount(holders[p] & live);
                if (count < rarest) {
                    rarest = count;
                    first = p;
                }
            }
        }
        if (first < 0) {
            return null;
        }
        BitSet whole = holdsTarget.get(b);
        List<ChunkId> claimed = new ArrayList<>();
        int[] indices = new int[Math.min(maxChunks, n - first)];
        long bytes = 0;
        boolean byIndex = whole != null;
        for (int p = first; p < n && bytes < maxBytes && claimed.size() < maxChunks; p++) {
            if (state[p] != PENDING || (holders[p] & me) == 0 || Long.bitCount(holders[p] & live) > rarest) {
                continue;
            }
            int index = firstIndex[p];
            byIndex &= whole != null && whole.get(index);
            indices[claimed.size()] = index;
            claimed.add(ids.get(p));
            bytes += chunks.length(index);
            state[p] = CLAIMED;
        }
        return byIndex ? new Job(node, claimed, bytes, target, Arrays.copyOf(indices, claimed.size()))
                : new Job(node, claimed, bytes, null, null);
    }

    /** Marks {@code id} fetched and verified. */
    @Override
    public synchronized void complete(ChunkId id) {
        Integer p = position.get(id);
        if (p != null && state[p] != DONE) {
            state[p] = DONE;
            done++;
        }
    }

    /** Returns the not-yet-done chunks of a job to the pool. */
    @Override
    public synchronized void release(Job job) {
        for (ChunkId id : job.ids()) {
            int p = position.get(id);
            if (state[p] == CLAIMED) {
                state[p] = PENDING;
            }
        }
    }

    /** Forgets that {@code node} holds {@code id} (it said it does not). */
    @Override
    public synchronized void dropHolder(NodeId node, ChunkId id) {
        Integer b = nodeBit.get(node);
        Integer p = position.get(id);
        if (b != null && p != null) {
            holders[p] &= ~(1L << b);
        }
    }

    /** Never offers {@code node} work again in this delivery. */
    @Override
    public synchronized void dropNode(NodeId node) {
        int b = bit(node);
        if (b >= 0) {
            dropped |= 1L << b;
            holdsTarget.remove(b);
        }
    }

    @Override
    public synchronized boolean isDropped(NodeId node) {
        Integer b = nodeBit.get(node);
        return b != null && (dropped & 1L << b) != 0;
    }

    @Override
    public synchronized boolean finished() {
        return done == ids.size();
    }

    @Override
    public synchronized int remaining() {
        return ids.size() - done;
    }

    @Override
    public synchronized int unheld() {
        int n = 0;
        for (int p = firstOpen; p < ids.size(); p++) {
            if (state[p] != DONE && (holders[p] & ~dropped) == 0) {
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized void addPeer(PeerProfile peer) {
        profiles.put(peer.node(), peer);
    }

    @Override
    public synchronized PeerProfile peer(NodeId node) {
        return profiles.get(node);
    }

    @Override
    public synchronized boolean anyClaimed() {
        for (int p = firstOpen; p < ids.size(); p++) {
            if (state[p] == CLAIMED) {
                return true;
            }
        }
        return false;
    }
}
