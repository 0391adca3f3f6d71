package io.ferry.plan;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Claims tracks the missing chunks of one delivery: which peers hold each, which are claimed by a
 * fetch in flight, and which are done. Peers claim work with {@link #claim}; a failed request
 * {@link #release}s its claim; a failed peer is {@link #dropNode dropped} and never offered work
 * again. Thread-safe (every method is synchronised; claims are small and cheap).
 */
public final class Claims {
    private enum State { PENDING, CLAIMED, DONE }

    private final String target;
    private final ChunkList chunks;
    /** Distinct missing chunks in image order, with the first index each appears at. */
    private final LinkedHashMap<ChunkId, Integer> firstIndex = new LinkedHashMap<>();
    private final List<ChunkId> order = new ArrayList<>();
    private final Map<ChunkId, State> state = new HashMap<>();
    private final Map<ChunkId, Set<String>> holders = new HashMap<>();
    /** Per node, the manifests it holds whole or in part with their bitmaps, for runs. */
    private final Map<String, BitSet> holdsTarget = new HashMap<>();
    private final Set<String> dropped = new HashSet<>();
    private final Map<String, Integer> cursor = new HashMap<>();
    private int done;

    /**
     * @param target  the id of the manifest being delivered
     * @param missing indices of its chunks still to fetch (non-zero)
     */
    public Claims(String target, ChunkList chunks, BitSet missing) {
        this.target = target;
        this.chunks = chunks;
        for (int i = missing.nextSetBit(0); i >= 0; i = missing.nextSetBit(i + 1)) {
            ChunkId id = chunks.id(i);
            if (firstIndex.putIfAbsent(id, i) == null) {
                order.add(id);
                state.put(id, State.PENDING);
                holders.put(id, new HashSet<>());
            }
        }
    }

    /** The distinct chunks still wanted (not done). */
    public synchronized Set<ChunkId> wanted() {
        Set<ChunkId> out = new HashSet<>();
        state.forEach((id, s) -> {
            if (s != State.DONE) {
                out.add(id);
            }
        });
        return out;
    }

    /** Records that {@code node} holds chunk {@code id}. */
    public synchronized void addHolder(String node, ChunkId id) {
        Set<String> h = holders.get(id);
        if (h != null && !dropped.contains(node)) {
            h.add(node);
        }
    }

    /** Records that {@code node} holds index {@code i} of the manifest being delivered (runs possible). */
    public synchronized void addTargetHolder(String node, int i) {
        if (dropped.contains(node)) {
            return;
        }
        holdsTarget.computeIfAbsent(node, n -> new BitSet()).set(i);
        addHolder(node, chunks.id(i));
    }

    /** The nodes that hold at least one pending chunk. */
    public synchronized Set<String> nodesWithWork() {
        Set<String> out = new HashSet<>();
        for (ChunkId id : order) {
            if (state.get(id) == State.PENDING) {
                out.addAll(holders.get(id));
            }
        }
        return out;
    }

    /**
     * Claims up to {@code maxBytes} (and {@code maxChunks}) of pending chunks {@code node} holds, the
     * earliest in image order first; null when it holds none.
     */
    public synchronized Job claim(String node, long maxBytes, int maxChunks) {
        if (dropped.contains(node)) {
            return null;
        }
        int start = cursor.getOrDefault(node, 0);
        while (start < order.size() && state.get(order.get(start)) == State.DONE) {
            start++;
        }
        cursor.put(node, start);
        BitSet whole = holdsTarget.get(node);
        List<ChunkId> ids = new ArrayList<>();
        long bytes = 0;
        int runFrom = -1;
        int runTo = -1;
        boolean contiguous = whole != null;
        for (int k = start; k < order.size() && bytes < maxBytes && ids.size() < maxChunks; k++) {
            ChunkId id = order.get(k);
            if (state.get(id) != State.PENDING || !holders.get(id).contains(node)) {
                if (!ids.isEmpty() && state.get(id) == State.PENDING) {
                    contiguous = false; // a gap this node cannot fill
                }
                continue;
            }
            int index = firstIndex.get(id);
            if (contiguous) {
                if (!whole.get(index) || (runTo >= 0 && !onlyZerosBetween(runTo, index))) {
                    contiguous = false;
                } else {
                    runFrom = runFrom < 0 ? index : runFrom;
                    runTo = index + 1;
                }
            }
            ids.add(id);
            bytes += chunks.length(index);
            state.put(id, State.CLAIMED);
        }
        if (ids.isEmpty()) {
            return null;
        }
        return contiguous ? new Job(node, ids, bytes, target, runFrom, runTo) : new Job(node, ids, bytes, null, -1, -1);
    }

    private boolean onlyZerosBetween(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!chunks.isZero(i)) {
                return false;
            }
        }
        return true;
    }

    /** Marks {@code id} fetched and verified. */
    public synchronized void complete(ChunkId id) {
        if (state.get(id) != State.DONE) {
            state.put(id, State.DONE);
            done++;
        }
    }

    /** Returns the not-yet-done chunks of a job to the pool. */
    public synchronized void release(Job job) {
        for (ChunkId id : job.ids()) {
            if (state.get(id) == State.CLAIMED) {
                state.put(id, State.PENDING);
            }
        }
        cursor.put(job.node(), 0);
    }

    /** Forgets that {@code node} holds {@code id} (it said it does not). */
    public synchronized void dropHolder(String node, ChunkId id) {
        Set<String> h = holders.get(id);
        if (h != null) {
            h.remove(node);
        }
    }

    /** Never offers {@code node} work again in this delivery. */
    public synchronized void dropNode(String node) {
        dropped.add(node);
        holders.values().forEach(h -> h.remove(node));
        holdsTarget.remove(node);
    }

    public synchronized boolean isDropped(String node) {
        return dropped.contains(node);
    }

    public synchronized boolean finished() {
        return done == order.size();
    }

    public synchronized int remaining() {
        return order.size() - done;
    }

    /** Pending chunks that no remaining node holds. */
    public synchronized List<ChunkId> orphans() {
        List<ChunkId> out = new ArrayList<>();
        for (ChunkId id : order) {
            if (state.get(id) == State.PENDING && holders.get(id).isEmpty()) {
                out.add(id);
            }
        }
        return out;
    }

    public synchronized boolean anyClaimed() {
        return state.containsValue(State.CLAIMED);
    }

    /** Every index of the delivered image whose chunk is {@code id} (a chunk may repeat). */
    public Map<ChunkId, Integer> firstIndices() {
        return firstIndex;
    }
}
