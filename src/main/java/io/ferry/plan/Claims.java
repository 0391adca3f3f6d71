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
 *
 * <p>With a {@link Strategy} that assigns ({@link Strategy#assigns}), each position also has an owner
 * ({@link Owners}), set by {@link #replan} from a {@link Scheduler} schedule (or a static split), and a
 * peer claims only what it owns or nobody does. An adaptive strategy lets a peer with nothing of its own
 * left steal from the peer that will end last: the part of that peer's remaining bytes that balances
 * their ends at the two measured rates, taken from the end of what the victim owns (the victim keeps its
 * front, and its runs). A dropped peer's chunks are owned by nobody until the next schedule.
 */
public final class Claims extends Holdings {
    /** Positions in the window that claims go round first (16 KiB chunks: about 128 MiB). */
    static final int WINDOW = 8192;

    private final ManifestId target;
    private final ChunkList chunks;
    private final List<ChunkId> ids = new ArrayList<>();
    private final Map<ChunkId, Integer> position = new HashMap<>();
    /** Positions CLAIMED by two requests at once (the endgame's second ask). */
    private final BitSet twice = new BitSet();
    private final long spread;
    private final Strategy strategy;
    private final Rescheduler rescheduler;
    private int firstOpen;
    private int done;

    /**
     * Claims by rarity alone ({@link Strategy#RAREST_FIRST}).
     *
     * @param target  the id of the manifest being delivered
     * @param missing indices of its chunks still to fetch (non-zero)
     * @param spread  any number, different for each fetching node: picks where claims start
     */
    public Claims(ManifestId target, ChunkList chunks, BitSet missing, long spread) {
        this(target, chunks, missing, spread, Strategy.RAREST_FIRST, null);
    }

    /** As above, choosing sources by {@code strategy}, for node {@code self} (null: site sharing is off). */
    public Claims(ManifestId target, ChunkList chunks, BitSet missing, long spread, Strategy strategy, NodeId self) {
        this.target = target;
        this.site = new SiteShare(self, chunks.count());
        this.chunks = chunks;
        this.strategy = strategy;
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
        long[] size = new long[ids.size()];
        for (int p = 0; p < size.length; p++) {
            size[p] = chunks.length(firstIndex[p]);
        }
        this.owners = new Owners(size);
        this.rescheduler = new Rescheduler(this, size, strategy);
    }

    /** Moves position {@code p} to state {@code to}, keeping the pending set and the owners' counts in step. */
    private void move(int p, byte to) {
        boolean was = state[p] == PENDING;
        state[p] = to;
        if (was != (to == PENDING)) {
            pending.set(p, to == PENDING);
            owners.moved(p, to == PENDING);
        }
    }

    @Override
    public synchronized void addHolder(NodeId node, ChunkId id) {
        Integer p = position.get(id);
        if (p != null) {
            hold(node, p);
        }
    }

    @Override
    public synchronized void addTargetHolder(NodeId node, int i) {
        Integer p = position.get(chunks.id(i));
        if (p != null && hold(node, p) >= 0) {
            holdsTarget.computeIfAbsent(nodeBit.get(node), b -> new BitSet()).set(i);
        }
    }

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

    private void advanceFirstOpen() {
        while (firstOpen < ids.size() && state[firstOpen] == DONE) {
            firstOpen++;
        }
    }

    /**
     * Claims up to {@code maxBytes} (and {@code maxChunks}) of pending chunks {@code node} holds and may
     * take (it owns them, or nobody does): it starts at the rarest such chunk (the first found in the order
     * the class comment gives) and takes the chunks after it that are no less rare. When there are none
     * and the strategy adapts, it steals (see the class comment); null when there is nothing to take.
     */
    @Override
    public synchronized Job claim(NodeId node, long maxBytes, int maxChunks) {
        Integer b = nodeBit.get(node);
        if (b == null || barred(b) || waitsForOwnShare(b)) {
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
            if (state[p] == PENDING && mine.get(p) && live[p] < rarest && owners.mayTake(b, p) && !defers(b, p)) {
                rarest = live[p];
                first = p;
            }
        }
        if (first < 0) {
            return strategy.adaptive() && strategy.assigns() ? job(node, b, rescheduler.steal(b, maxBytes, maxChunks, firstOpen), CLAIMED) : null;
        }
        List<Integer> taken = new ArrayList<>();
        long bytes = 0;
        for (int p = first; p < n && bytes < maxBytes && taken.size() < maxChunks; p++) {
            if (state[p] == PENDING && mine.get(p) && live[p] <= rarest && owners.mayTake(b, p) && !defers(b, p)) {
                taken.add(p);
                bytes += chunks.length(firstIndex[p]);
            }
        }
        return job(node, b, taken, CLAIMED);
    }

    /** A job of {@code node} for positions {@code taken} (ascending): a pick when it holds them all in the target. */
    private Job job(NodeId node, int b, List<Integer> taken, byte mark) {
        if (taken.isEmpty()) {
            return null;
        }
        BitSet whole = holdsTarget.get(b);
        boolean byIndex = whole != null;
        List<ChunkId> claimed = new ArrayList<>(taken.size());
        int[] indices = new int[taken.size()];
        long bytes = 0;
        for (int k = 0; k < taken.size(); k++) {
            int p = taken.get(k);
            indices[k] = firstIndex[p];
            byIndex &= whole != null && whole.get(indices[k]);
            claimed.add(ids.get(p));
            bytes += chunks.length(indices[k]);
            if (mark == CLAIMED) {
                move(p, CLAIMED);
            } else {
                twice.set(p);
            }
        }
        return byIndex ? new Job(node, claimed, bytes, target, indices) : new Job(node, claimed, bytes, null, null);
    }

    @Override
    public synchronized void complete(ChunkId id) {
        Integer p = position.get(id);
        if (p != null && state[p] != DONE) {
            move(p, DONE);
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
                move(p, PENDING);
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
     * already, held by {@code node}, and not left to a site mate to bring across, as a job for {@code node}:
     * a pick when it holds them all as part of the target, else a batch. Null when there are none.
     */
    @Override
    public synchronized Job duplicate(NodeId node, Job other) {
        Integer b = nodeBit.get(node);
        if (b == null || barred(b) || node.equals(other.node())) {
            return null;
        }
        BitSet mine = holds.get(b);
        List<Integer> asked = new ArrayList<>();
        for (ChunkId id : other.ids()) {
            int p = position.get(id);
            if (state[p] == CLAIMED && !twice.get(p) && mine.get(p) && !defers(b, p)) { // a mate's part stays its own
                asked.add(p);
            }
        }
        asked.sort(null); // a pick names indices in ascending order; positions follow the image's order
        return job(node, b, asked, (byte) -1);
    }

    @Override
    public synchronized void dropHolder(NodeId node, ChunkId id) {
        Integer b = nodeBit.get(node);
        Integer p = position.get(id);
        if (b != null && p != null && holds.get(b).get(p)) {
            holds.get(b).clear(p);
            if (!dropped.get(b)) {
                live[p]--;
            }
            ownerless(b, p);
        }
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
    public synchronized void measured(NodeId node, double bytesPerSecond) {
        rescheduler.measured(node, bytesPerSecond);
    }

    @Override
    public synchronized boolean needsReplan() {
        return strategy.assigns() && rescheduler.due();
    }

    @Override
    public synchronized Schedule replan() {
        return strategy.assigns() ? rescheduler.replan() : null;
    }

    @Override
    public synchronized void siteMate(NodeId node) {
        if (site.mate(node)) {
            regrouped();
            changed();
        }
    }

    @Override
    public synchronized boolean deferring() {
        return site.deferring();
    }

    @Override
    public synchronized void undefer() {
        site.undefer();
        changed();
    }

    @Override
    public boolean adaptive() {
        return strategy.adaptive();
    }

    @Override
    public synchronized int reassigned() {
        return owners.reassigned();
    }

    @Override
    void changed() {
        rescheduler.changed();
    }

    @Override
    void ownerless(int b, int p) {
        if (owners.of(p) == b && state[p] != DONE) {
            owners.reassigned(1);
            owners.assign(p, -1, state[p] == PENDING);
        }
    }
}
