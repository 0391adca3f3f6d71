package io.ferry.plan;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rescheduler turns the state of a plan ({@link Holdings}) into a {@link Problem} and its answer into owners: the
 * pending chunks (not those in flight or in) over the live peers that hold them, each modelled by its
 * profile and the rate measured in this delivery ({@link PeerProfile#model}). It says when a new schedule
 * is due: the holders or peers changed, or a peer's measured rate moved by more than a quarter from the
 * rate the last schedule assumed. Static splits are made once. Guarded by its Claims' lock.
 */
final class Rescheduler {
    /** A measured rate this far off the one scheduled with makes the schedule stale. */
    private static final double DRIFT = 0.25;
    /** What a request carries, for the cost model's grouping: what a peer serves in one request at most. */
    static final long BATCH_BYTES = 4L << 20;

    private final Holdings c;
    private final long[] size;
    private final Strategy strategy;
    private final Map<NodeId, Double> measured = new HashMap<>();
    private final Map<NodeId, Double> assumed = new HashMap<>();
    private boolean changed = true;
    private boolean made;

    Rescheduler(Holdings claims, long[] size, Strategy strategy) {
        this.c = claims;
        this.size = size;
        this.strategy = strategy;
    }

    void changed() {
        changed = true;
    }

    void measured(NodeId node, double bytesPerSecond) {
        measured.put(node, bytesPerSecond);
        Double was = assumed.get(node);
        if (was != null && Math.abs(bytesPerSecond - was) > DRIFT * was) {
            changed = true;
        }
    }

    boolean due() {
        return changed && (strategy.adaptive() || !made);
    }

    /** The rate the plan assumes of {@code node} now, bytes per second. */
    double rate(NodeId node) {
        Double m = measured.get(node);
        PeerProfile p = c.profiles.get(node);
        return p != null ? p.rate(m == null ? 0 : m) : m != null && m > 0 ? m : PeerProfile.DEFAULT_BYTES_PER_SECOND;
    }

    /** Schedules the pending chunks anew and gives each to its peer; returns the schedule. */
    Schedule replan() {
        changed = false;
        made = true;
        List<Integer> positions = new ArrayList<>();
        for (int p = c.pending.nextSetBit(0); p >= 0; p = c.pending.nextSetBit(p + 1)) {
            positions.add(p);
        }
        int n = positions.size();
        long[] sizes = new long[n];
        int[] indices = new int[n];
        for (int j = 0; j < n; j++) {
            sizes[j] = size[positions.get(j)];
            indices[j] = c.firstIndex[positions.get(j)];
        }
        List<PeerModel> peers = new ArrayList<>();
        List<BitSet> holds = new ArrayList<>();
        List<BitSet> serial = new ArrayList<>();
        List<Integer> bits = new ArrayList<>();
        for (int b = 0; b < c.nodeName.size(); b++) {
            NodeId node = c.nodeName.get(b);
            PeerProfile profile = c.profiles.get(node);
            if (c.dropped.get(b) || profile == null || !c.holds.get(b).intersects(c.pending)) {
                continue;
            }
            BitSet h = new BitSet(n);
            BitSet s = new BitSet(n);
            BitSet all = c.holds.get(b);
            BitSet whole = c.holdsTarget.get(b);
            for (int j = 0; j < n; j++) {
                if (all.get(positions.get(j)) && !c.defers(b, positions.get(j))) {
                    h.set(j);
                    s.set(j, whole != null && whole.get(indices[j]));
                }
            }
            PeerModel m = profile.model(measured.getOrDefault(node, 0.0));
            assumed.put(node, m.bytesPerSecond());
            peers.add(m);
            holds.add(h);
            serial.add(s);
            bits.add(b);
        }
        Problem problem = new Problem(sizes, indices, peers, holds, serial, BATCH_BYTES);
        Schedule schedule = strategy == Strategy.OPTIMIZED ? Scheduler.schedule(problem)
                : Scheduler.evaluate(problem, StaticSplit.split(problem, strategy));
        int[] peerOf = schedule.peerOf();
        for (int j = 0; j < n; j++) {
            c.owners.assign(positions.get(j), peerOf[j] < 0 ? -1 : bits.get(peerOf[j]), true);
        }
        return schedule;
    }

    /**
     * Work stealing for node bit {@code b}, which has nothing of its own left: from the peer that will end
     * last (by the bytes it still owns and its rate), the share that makes the two end together, taken from
     * the end of the victim's part; the positions taken (ascending), now owned by {@code b}; empty when no
     * peer's share is worth a chunk.
     */
    List<Integer> steal(int b, long maxBytes, int maxChunks, int firstOpen) {
        // what b could take at all: pending chunks it holds (bit operations, not a scan of every chunk)
        BitSet could = (BitSet) c.holds.get(b).clone();
        could.and(c.pending);
        if (could.isEmpty()) {
            return List.of();
        }
        double mine = rate(c.node(b));
        int peers = c.nodeName.size();
        List<Integer> victims = new ArrayList<>();
        long[] share = new long[peers];
        for (int v = 0; v < peers; v++) {
            if (v != b && !c.dropped.get(v) && c.owners.left(v) > 0) {
                victims.add(v);
                share[v] = Math.min(maxBytes, (long) (c.owners.left(v) * mine / (mine + rate(c.node(v)))));
            }
        }
        if (victims.isEmpty()) {
            return List.of();
        }
        victims.sort(Comparator.comparingDouble(v -> -c.owners.left(v) / rate(c.node(v))));
        // one pass from the end over what b could take, each victim's part apart (a pass per victim cost
        // most of a thousand-node simulation's time): a victim is closed at its first chunk past its share
        List<List<Integer>> taken = new ArrayList<>(java.util.Collections.nCopies(peers, null));
        long[] bytes = new long[peers];
        BitSet closed = new BitSet();
        closed.set(0, peers);
        victims.forEach(closed::clear);
        int first = victims.get(0);
        for (int p = could.previousSetBit(c.state.length - 1); p >= firstOpen && !closed.get(first);
             p = p == 0 ? -1 : could.previousSetBit(p - 1)) {
            int v = c.owners.of(p);
            if (v < 0 || v == b || closed.get(v) || c.defers(b, p)) {
                continue;
            }
            List<Integer> mineOfV = taken.get(v);
            int had = mineOfV == null ? 0 : mineOfV.size();
            // past the share, but a first chunk the thief ends sooner than the victim ends what it has
            // left is still taken: else the last chunks of a slow peer wait for it while others idle
            boolean sooner = had == 0 && size[p] / mine < c.owners.left(v) / rate(c.node(v));
            if (had >= maxChunks || bytes[v] + size[p] > share[v] && !sooner) {
                closed.set(v);
                continue;
            }
            if (mineOfV == null) {
                mineOfV = new ArrayList<>();
                taken.set(v, mineOfV);
            }
            mineOfV.add(p);
            bytes[v] += size[p];
        }
        for (int v : victims) {
            List<Integer> got = taken.get(v);
            if (got != null) {
                Collections.reverse(got);
                got.forEach(p -> c.owners.assign(p, b, true));
                c.owners.reassigned(got.size());
                return got;
            }
        }
        return List.of();
    }
}
