package io.ferry.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Scheduler chooses a source for every missing chunk of a delivery ({@link Problem} → {@link Schedule}).
 * Pure: no I/O, no clock, deterministic.
 *
 * <p>Cost model. A peer p given chunks S takes {@code bytes(S)/rate + ⌈bytes(S)/batch⌉·request +
 * runs(S)·run} seconds: its bytes at the rate they arrive here, one request cost per batch (grouping),
 * and one disk cost per separate run (chunks it holds in the manifest's order with consecutive indices
 * are one range read: serial storage). Peers work in parallel; the delivery ends when the last ends.
 *
 * <p>Objective, in order: the earliest estimated end (makespan); then the fewest bytes over the
 * inter-site link; then the least load on last-resort peers; never a NEVER peer (the policy's word).
 *
 * <p>Algorithm. (1) Greedy: chunks in order of how few peers may send them (the rarest first: they
 * constrain most), then by index (so each peer's chunks form runs); each goes to the peer that ends the
 * delivery earliest with it; among peers within a hair of that, a local one before a remote one, a
 * non-last-resort before a last-resort, a preferred one first, then the one it costs least (a run it
 * extends costs no seek), so that runs stay whole. (2) Local
 * search on the bottleneck: move one of its chunks to another holder, or swap one with another holder's
 * (small problems), whenever that lowers the bottleneck's end without making the other end later than it
 * was; until nothing improves. (3) Sparing: a chunk on a remote or last-resort peer moves to a local,
 * non-last-resort holder that can take it without ending after the makespan. Step (2) is what the
 * exhaustive-search test holds to within 5% of the optimum on small instances.
 */
public final class Scheduler {
    /** Relative slack within which two ends count as equal (so the secondary criteria decide). */
    private static final double TIE = 1e-3;
    private static final int SWAP_LIMIT = 256;
    private static final int SMALL = 64;
    private static final int RANDOM_STARTS = 16;
    /** The order a greedy pass takes chunks in, after the rarest first. */
    private enum Order { INDEX, LARGEST, RANDOM }

    private final Problem pr;
    private final int n;
    private final int peers;
    private final int[] peerOf;
    private final long[] bytes;
    private final int[] runs;
    private final int[] count;

    private Scheduler(Problem problem) {
        this.pr = problem;
        this.n = problem.chunks();
        this.peers = problem.peers().size();
        this.peerOf = new int[n];
        Arrays.fill(peerOf, -1);
        this.bytes = new long[peers];
        this.runs = new int[peers];
        this.count = new int[peers];
    }

    public static Schedule schedule(Problem problem) {
        Schedule best = null;
        // the rarest first in index order keeps runs whole; the largest first packs best (LPT): both are
        // tried, and on small problems (where one chunk is a large part of a peer's share and local search
        // stalls on the step of one more request) a few orders at random too, seeded by the problem's size
        int starts = problem.chunks() <= SMALL ? 2 + RANDOM_STARTS : 2;
        java.util.Random random = new java.util.Random(31L * problem.chunks() + problem.peers().size());
        for (int start = 0; start < starts; start++) {
            Scheduler s = new Scheduler(problem);
            s.greedy(start == 0 ? Order.INDEX : start == 1 ? Order.LARGEST : Order.RANDOM, random);
            s.improve(rounds(problem));
            s.spare();
            Schedule c = evaluate(problem, s.peerOf);
            if (best == null || better(c, best)) {
                best = c;
            }
        }
        // in index order, each peer taking a stretch up to the best end found so far: whole runs
        Scheduler s = new Scheduler(problem);
        s.stretches(best.makespan());
        s.improve(rounds(problem));
        s.spare();
        Schedule c = evaluate(problem, s.peerOf);
        return better(c, best) ? c : best;
    }

    /**
     * Local search rounds: each moves one chunk, which matters when a chunk is a real part of a share; on
     * large problems (a 2 GiB image is ~130,000 chunks) one chunk is nothing and a round costs a scan of
     * them all, so the greedy passes decide alone.
     */
    private static int rounds(Problem problem) {
        return problem.chunks() <= 4096 ? 20 * problem.chunks() + 100 : 0;
    }

    /** The objective: earlier end, then fewer remote bytes, then less last-resort load. */
    private static boolean better(Schedule a, Schedule b) {
        if (a.makespan() < b.makespan() * (1 - TIE)) {
            return true;
        }
        if (a.makespan() > b.makespan() * (1 + TIE)) {
            return false;
        }
        return a.remoteBytes() != b.remoteBytes() ? a.remoteBytes() < b.remoteBytes()
                : a.lastResortBytes() != b.lastResortBytes() ? a.lastResortBytes() < b.lastResortBytes()
                : a.makespan() < b.makespan();
    }

    /** What assigning chunks as {@code peerOf} says makes of each peer and of the delivery. */
    public static Schedule evaluate(Problem problem, int[] peerOf) {
        Scheduler s = new Scheduler(problem);
        for (int j = 0; j < peerOf.length; j++) {
            if (peerOf[j] >= 0) {
                s.assign(j, peerOf[j]);
            }
        }
        List<Schedule.Load> loads = new ArrayList<>();
        double makespan = 0;
        long remote = 0;
        long lastResort = 0;
        for (int p = 0; p < s.peers; p++) {
            PeerModel m = problem.peers().get(p);
            double t = s.end(p);
            loads.add(new Schedule.Load(m, s.count[p], s.bytes[p], s.runs[p], requests(s.bytes[p], problem.batchBytes()), t));
            makespan = Math.max(makespan, t);
            remote += m.remote() ? s.bytes[p] : 0;
            lastResort += m.priority() == Priority.LAST_RESORT ? s.bytes[p] : 0;
        }
        return new Schedule(peerOf.clone(), List.copyOf(loads), makespan, remote, lastResort);
    }

    private static long requests(long bytes, long batch) {
        return (bytes + batch - 1) / batch;
    }

    private double end(int p) {
        return end(p, bytes[p], runs[p]);
    }

    private double end(int p, long b, int r) {
        if (b == 0) {
            return 0;
        }
        PeerModel m = pr.peers().get(p);
        return b / m.bytesPerSecond() + requests(b, pr.batchBytes()) * m.requestSeconds() + r * m.runSeconds();
    }

    /** How many separate runs chunk {@code j} adds to {@code p}'s share (1, 0 when it extends one, -1 when it joins two). */
    private int runDelta(int j, int p) {
        boolean left = j > 0 && peerOf[j - 1] == p && pr.joined(p, j - 1);
        boolean right = j + 1 < n && peerOf[j + 1] == p && pr.joined(p, j);
        return 1 - (left ? 1 : 0) - (right ? 1 : 0);
    }

    private double endWith(int j, int p) {
        return end(p, bytes[p] + pr.sizes()[j], runs[p] + runDelta(j, p));
    }

    private double endWithout(int j, int p) {
        peerOf[j] = -1; // its neighbours decide the runs it leaves
        double t = end(p, bytes[p] - pr.sizes()[j], runs[p] - runDelta(j, p));
        peerOf[j] = p;
        return t;
    }

    private void assign(int j, int p) {
        runs[p] += runDelta(j, p);
        bytes[p] += pr.sizes()[j];
        count[p]++;
        peerOf[j] = p;
    }

    private void unassign(int j) {
        int p = peerOf[j];
        peerOf[j] = -1;
        runs[p] -= runDelta(j, p);
        bytes[p] -= pr.sizes()[j];
        count[p]--;
    }

    private int holders(int j) {
        int h = 0;
        for (int p = 0; p < peers; p++) {
            h += pr.eligible(p, j) ? 1 : 0;
        }
        return h;
    }

    /** The rarest first, then by {@code order} (at random: drawn from {@code random}). */
    private void greedy(Order order, java.util.Random random) {
        int[] holders = new int[n];
        for (int j = 0; j < n; j++) {
            holders[j] = holders(j);
        }
        Integer[] chunks = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Comparator<Integer> rarest = Comparator.comparingInt(j -> holders[j]);
        switch (order) {
            case INDEX -> Arrays.sort(chunks, rarest.thenComparingInt(j -> pr.indices()[j]));
            case LARGEST -> Arrays.sort(chunks, rarest.thenComparing(j -> -pr.sizes()[j]).thenComparingInt(j -> pr.indices()[j]));
            case RANDOM -> java.util.Collections.shuffle(Arrays.asList(chunks), random);
        }
        double makespan = 0;
        double[] with = new double[peers]; // each peer's end with the chunk, NaN where it may not send it
        for (int j : chunks) {
            int best = -1;
            double least = Double.MAX_VALUE;
            for (int p = 0; p < peers; p++) {
                with[p] = pr.eligible(p, j) ? endWith(j, p) : Double.NaN;
                if (!Double.isNaN(with[p])) {
                    least = Math.min(least, with[p]);
                }
            }
            // a peer that ends within the current makespan with it takes it (the kindest such); only when none
            // can does the makespan grow, by the least (near-ties kindest). Letting a peer within a hair of the
            // makespan take it would let the makespan creep up a hair at a time, all on the kindest peer.
            double limit = least <= makespan ? makespan : least * (1 + TIE) + 1e-12;
            for (int p = 0; p < peers; p++) {
                if (!Double.isNaN(with[p]) && with[p] <= limit
                        && (best < 0 || kinder(p, best, with[p] - end(p), with[best] - end(best)))) {
                    best = p;
                }
            }
            if (best >= 0) {
                assign(j, best);
                makespan = Math.max(makespan, end(best));
            }
        }
    }

    /**
     * Assigns chunks in index order, each to the peer that took the one before while it ends within
     * {@code target}, else to the holder that ends soonest with it: each peer's share becomes a few long
     * stretches (runs).
     */
    private void stretches(double target) {
        int current = -1;
        for (int j = 0; j < n; j++) {
            if (current >= 0 && pr.eligible(current, j) && endWith(j, current) <= target) {
                assign(j, current);
                continue;
            }
            int best = -1;
            for (int p = 0; p < peers; p++) {
                if (pr.eligible(p, j) && (best < 0 || endWith(j, p) < endWith(j, best)
                        || endWith(j, p) == endWith(j, best) && kinder(p, best, 0, 0))) {
                    best = p;
                }
            }
            if (best >= 0) {
                assign(j, best);
            }
            current = best;
        }
    }

    /**
     * Whether {@code p} is the kinder choice than {@code q} for a chunk when both end the delivery alike:
     * by rank, then by what the chunk costs each (so a peer whose run it extends, or a faster one, wins).
     */
    private boolean kinder(int p, int q, double costP, double costQ) {
        int c = Integer.compare(rank(p), rank(q));
        return c != 0 ? c < 0 : costP < costQ;
    }

    /** Local before remote, then not last-resort, then preferred: lower is kinder. */
    private int rank(int p) {
        PeerModel m = pr.peers().get(p);
        int priority = switch (m.priority()) {
            case PREFER -> 0;
            case NORMAL -> 1;
            default -> 2;
        };
        return (m.remote() ? 4 : 0) + priority;
    }

    private int bottleneck() {
        int b = 0;
        for (int p = 1; p < peers; p++) {
            if (end(p) > end(b)) {
                b = p;
            }
        }
        return b;
    }

    private void improve(int rounds) {
        for (int round = 0; round < rounds && peers > 1; round++) {
            if (!move(bottleneck()) && (n > SWAP_LIMIT || !swap(bottleneck()))) {
                return;
            }
        }
    }

    /** Moves one of {@code b}'s chunks where the bottleneck ends earliest; whether one moved. */
    private boolean move(int b) {
        double tb = end(b);
        double best = tb * (1 - 1e-9);
        int bj = -1;
        int bq = -1;
        for (int j = 0; j < n; j++) {
            if (peerOf[j] != b) {
                continue;
            }
            double without = endWithout(j, b);
            for (int q = 0; q < peers; q++) {
                if (q != b && pr.eligible(q, j)) {
                    double worst = Math.max(without, endWith(j, q));
                    if (worst < best) {
                        best = worst;
                        bj = j;
                        bq = q;
                    }
                }
            }
        }
        if (bj < 0) {
            return false;
        }
        unassign(bj);
        assign(bj, bq);
        return true;
    }

    /**
     * Swaps a chunk of {@code b} with one of another peer, each able to send the other's, when that lowers
     * both below {@code b}'s end (a smaller chunk, or one that joins a run); whether one was.
     */
    private boolean swap(int b) {
        double tb = end(b);
        for (int j = 0; j < n; j++) {
            if (peerOf[j] != b) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                int q = peerOf[k];
                if (q < 0 || q == b || !pr.eligible(q, j) || !pr.eligible(b, k)) {
                    continue;
                }
                unassign(j);
                unassign(k);
                assign(j, q);
                assign(k, b);
                if (Math.max(end(b), end(q)) < tb * (1 - 1e-9)) {
                    return true;
                }
                unassign(j);
                unassign(k);
                assign(j, b);
                assign(k, q);
            }
        }
        return false;
    }

    /** Moves chunks off remote and last-resort peers to kinder holders that end no later than the makespan. */
    private void spare() {
        double makespan = 0;
        for (int p = 0; p < peers; p++) {
            makespan = Math.max(makespan, end(p));
        }
        for (int j = 0; j < n; j++) {
            int p = peerOf[j];
            if (p < 0 || rank(p) <= 1) {
                continue;
            }
            for (int q = 0; q < peers; q++) {
                if (q != p && pr.eligible(q, j) && rank(q) < rank(p) && endWith(j, q) <= makespan) {
                    unassign(j);
                    assign(j, q);
                    break;
                }
            }
        }
    }
}
