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
 * {@link #release}s its claim; a failed peer is {@link #dropNode dropped} and offered no work until it
 * is {@link #readmit readmitted}. Thread-safe.
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
 * image order): a state byte and the number of holders still in the plan, beside one bit set of
 * positions per node and one of pending positions, so a claim is one pass of array reads under the
 * lock, not a walk of hash maps. There is no cap on the number of peers: a fixed cap filled first come,
 * first served would let nodes that hold nothing useful (or lie) crowd out the ones that do.
 */
public final class Claims implements Plan {
    private static final byte PENDING = 0;
    private static final byte CLAIMED = 1;
    private static final byte DONE = 2;

    private final ManifestId target;
    private final ChunkList chunks;
    private final List<ChunkId> ids = new ArrayList<>();
    private final Map<ChunkId, Integer> position = new HashMap<>();
    private final int[] firstIndex;
    private final byte[] state;
    /** Per position, how many nodes not dropped hold it. */
    private final int[] live;
    /** Positions in state PENDING. */
    private final BitSet pending = new BitSet();
    /** Positions CLAIMED by two requests at once (the endgame's second ask). */
    private final BitSet twice = new BitSet();
    /** Per node, the positions it holds. */
    private final List<BitSet> holds = new ArrayList<>();
    /** Per node, the indices of the target it holds (so they can be picked by index). */
    private final Map<Integer, BitSet> holdsTarget = new HashMap<>();
    private final Map<NodeId, Integer> nodeBit = new HashMap<>();
    private final Map<NodeId, PeerProfile> profiles = new HashMap<>();
    private final List<NodeId> nodeName = new ArrayList<>();
    private final BitSet dropped = new BitSet();
    /** Positions in the window that claims go round first (16 KiB chunks: about 128 MiB). */
    static final int WINDOW = 8192;
    private final long spread;
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
        live = new int[ids.size()];
        pending.set(0, ids.size());
        this.spread = spread;
    }

    private int bit(NodeId node) {
        Integer b = nodeBit.get(node);
        if (b == null) {
            b = nodeName.size();
            nodeBit.put(node, b);
            nodeName.add(node);
            holds.add(new BitSet());
        }
        return b;
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
        if (dropped.get(b)) {
            return -1;
        }
        if (!holds.get(b).get(p)) {
            holds.get(b).set(p);
            live[p]++;
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
        BitSet mine = holds.get(b);
        for (int p = firstOpen; p < ids.size(); p++) {
            if (state[p] != DONE && !mine.get(p)) {
                return false;
            }
        }
        return true;
    }

    /** The nodes that hold at least one pending chunk. */
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
        if (b == null || dropped.get(b)) {
            return null;
        }
        BitSet mine = holds.get(b);
        int n = ids.size();
        int first = -1;
        int rarest = Integer.MAX_VALUE;
        advanceFirstOpen();
        int window = Math.min(WINDOW, n - firstOpen);
        int offset = window == 0 ? 0 : (int) Math.floorMod(spread, (long) window);
        for (int k = 0; k < n - firstOpen && rarest > 1; k++) {
            int p = k >= window ? firstOpen + k : firstOpen + (offset + k < window ? offset + k : offset + k - window);
            if (state[p] == PENDING && mine.get(p) && live[p] < rarest) {
                rarest = live[p];
                first = p;
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
            if (state[p] != PENDING || !mine.get(p) || live[p] > rarest) {
                continue;
            }
            int index = firstIndex[p];
            byIndex &= whole != null && whole.get(index);
            indices[claimed.size()] = index;
            claimed.add(ids.get(p));
            bytes += chunks.length(index);
            state[p] = CLAIMED;
            pending.clear(p);
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
            pending.clear(p);
            twice.clear(p);
            done++;
        }
    }

    /** Returns the not-yet-done chunks of a job to the pool (those asked twice stay with the other request). */
    @Override
    public synchronized void release(Job job) {
        for (ChunkId id : job.ids()) {
            int p = position.get(id);
            if (state[p] == CLAIMED && twice.get(p)) {
                twice.clear(p);
            } else if (state[p] == CLAIMED) {
                state[p] = PENDING;
                pending.set(p);
            }
        }
    }

    @Override
    public synchronized boolean isDone(ChunkId id) {
        Integer p = position.get(id);
        return p == null || state[p] == DONE;
    }

    @Override
    public synchronized boolean allDone(Job job) {
        for (ChunkId id : job.ids()) {
            if (state[position.get(id)] != DONE) {
                return false;
            }
        }
        return true;
    }

    /**
     * The chunks of {@code other} (another node's request in flight) that are not in yet, not asked twice
     * already, and held by {@code node}, as a job for {@code node}: a pick when it holds them all as part
     * of the target, else a batch. Null when there are none.
     */
    @Override
    public synchronized Job duplicate(NodeId node, Job other) {
        Integer b = nodeBit.get(node);
        if (b == null || dropped.get(b) || node.equals(other.node())) {
            return null;
        }
        BitSet mine = holds.get(b);
        BitSet whole = holdsTarget.get(b);
        List<ChunkId> asked = new ArrayList<>();
        int[] indices = new int[other.ids().size()];
        boolean byIndex = whole != null;
        long bytes = 0;
        for (ChunkId id : other.ids()) {
            int p = position.get(id);
            if (state[p] != CLAIMED || twice.get(p) || !mine.get(p)) {
                continue;
            }
            int index = firstIndex[p];
            byIndex &= whole != null && whole.get(index);
            indices[asked.size()] = index;
            asked.add(id);
            bytes += chunks.length(index);
            twice.set(p);
        }
        if (asked.isEmpty()) {
            return null;
        }
        if (byIndex) {
            int[] sorted = Arrays.copyOf(indices, asked.size());
            Arrays.sort(sorted); // a pick names indices in ascending order; the ids follow them
            List<ChunkId> inOrder = new ArrayList<>(sorted.length);
            for (int i : sorted) {
                inOrder.add(chunks.id(i));
            }
            return new Job(node, inOrder, bytes, target, sorted);
        }
        return new Job(node, asked, bytes, null, null);
    }

    /** Forgets that {@code node} holds {@code id} (it said it does not). */
    @Override
    public synchronized void dropHolder(NodeId node, ChunkId id) {
        Integer b = nodeBit.get(node);
        Integer p = position.get(id);
        if (b != null && p != null && holds.get(b).get(p)) {
            holds.get(b).clear(p);
            if (!dropped.get(b)) {
                live[p]--;
            }
        }
    }

    /** Offers {@code node} no work until it is readmitted. */
    @Override
    public synchronized void dropNode(NodeId node) {
        int b = bit(node);
        if (!dropped.get(b)) {
            dropped.set(b);
            holds.get(b).stream().forEach(p -> live[p]--);
        }
    }

    /** Offers {@code node} work again, with what it was known to hold (a peer that broke off may be back). */
    @Override
    public synchronized void readmit(NodeId node) {
        int b = bit(node);
        if (dropped.get(b)) {
            dropped.clear(b);
            holds.get(b).stream().forEach(p -> live[p]++);
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
            if (state[p] != DONE && live[p] == 0) {
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
}
