package io.ferry.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each criterion of the scheduler on its own: bandwidth, grouping, serial storage, priority, site, policy. */
class SchedulerTest {
    private static final long CHUNK = 16 << 10;

    private static PeerModel peer(String name, double mbit, Priority priority, boolean remote) {
        return new PeerModel(NodeId.of(name), mbit * 1e6 / 8, 0.001, 0.0005, priority, remote, "test");
    }

    /** {@code n} chunks of 16 KiB with consecutive indices, every peer holding all of them in order. */
    private static Problem everyoneHoldsAll(int n, PeerModel... peers) {
        List<BitSet> holds = new ArrayList<>();
        for (PeerModel ignored : peers) {
            BitSet all = new BitSet();
            all.set(0, n);
            holds.add(all);
        }
        return problem(n, List.of(peers), holds, holds);
    }

    private static Problem problem(int n, List<PeerModel> peers, List<BitSet> holds, List<BitSet> serial) {
        long[] sizes = new long[n];
        int[] indices = new int[n];
        for (int j = 0; j < n; j++) {
            sizes[j] = CHUNK;
            indices[j] = j;
        }
        return new Problem(sizes, indices, peers, holds, serial, 1 << 20);
    }

    private static long bytes(Schedule s, int p) {
        return s.loads().get(p).bytes();
    }

    @Test
    void bandwidth_sharesFollowTheRates_andTheEndIsNearTheIdeal() {
        Problem pr = everyoneHoldsAll(4096, peer("a", 20, Priority.NORMAL, false), peer("b", 50, Priority.NORMAL, false),
                peer("c", 100, Priority.NORMAL, false));
        Schedule s = Scheduler.schedule(pr);
        long total = 4096 * CHUNK;
        assertThat(bytes(s, 0) / (double) total).isCloseTo(20 / 170.0, within(0.01));
        assertThat(bytes(s, 1) / (double) total).isCloseTo(50 / 170.0, within(0.01));
        assertThat(bytes(s, 2) / (double) total).isCloseTo(100 / 170.0, within(0.01));
        double ideal = total / (170e6 / 8);
        assertThat(s.makespan()).isLessThan(ideal * 1.05);
    }

    /**
     * A 2 GiB image's missing half: 27,000 chunks of varied sizes at scattered indices, three peers at 2, 5 and
     * 10 Mbit/s (the greedy pass alone decides at this size): the shares follow the rates and the end is
     * near the ideal. (An earlier greedy let the makespan creep up a hair per chunk, all on the fastest.)
     */
    @Test
    void bandwidth_onALargeProblemTooTheSharesFollowTheRates() {
        int n = 27_000;
        java.util.Random random = new java.util.Random(5);
        long[] sizes = new long[n];
        int[] indices = new int[n];
        long total = 0;
        for (int j = 0, i = 0; j < n; j++) {
            sizes[j] = 4096 + random.nextInt(60_000);
            total += sizes[j];
            i += 1 + random.nextInt(3);
            indices[j] = i;
        }
        List<PeerModel> peers = List.of(peer("a", 2, Priority.NORMAL, false), peer("b", 5, Priority.NORMAL, false),
                peer("c", 10, Priority.NORMAL, false));
        BitSet all = new BitSet();
        all.set(0, n);
        Schedule s = Scheduler.schedule(new Problem(sizes, indices, peers, List.of(all, all, all), List.of(all, all, all),
                4 << 20));
        double ideal = total / (17e6 / 8);
        assertThat(s.makespan()).isLessThan(ideal * 1.02);
        assertThat(bytes(s, 0) / (double) total).isCloseTo(2 / 17.0, within(0.01));
        assertThat(bytes(s, 2) / (double) total).isCloseTo(10 / 17.0, within(0.01));
    }

    @Test
    void grouping_requestsCarryUpToTheBatch() {
        Schedule s = Scheduler.schedule(everyoneHoldsAll(1000, peer("a", 100, Priority.NORMAL, false)));
        assertThat(s.loads().get(0).requests()).isEqualTo((1000 * CHUNK + (1 << 20) - 1) / (1 << 20));
    }

    @Test
    void serialStorage_aPeerHoldingTheImageInOrderGetsLongRuns_andMoreThanOneThatMustSeek() {
        int n = 2000;
        BitSet all = new BitSet();
        all.set(0, n);
        PeerModel inOrder = new PeerModel(NodeId.of("in-order"), 100e6 / 8, 0.001, 0.002, Priority.NORMAL, false, "test");
        PeerModel scattered = new PeerModel(NodeId.of("scattered"), 100e6 / 8, 0.001, 0.002, Priority.NORMAL, false, "test");
        Schedule s = Scheduler.schedule(problem(n, List.of(inOrder, scattered), List.of(all, all), List.of(all, new BitSet())));
        assertThat(s.loads().get(0).runs()).as("runs on the in-order peer").isLessThanOrEqualTo(3);
        assertThat(bytes(s, 0)).isGreaterThan(bytes(s, 1) * 2);
    }

    @Test
    void lastResort_onlyWhereTheOthersWouldEndLater() {
        Problem pr = everyoneHoldsAll(4, peer("a", 100, Priority.NORMAL, false), peer("b", 100, Priority.NORMAL, false),
                peer("origin", 100, Priority.LAST_RESORT, false));
        Schedule s = Scheduler.schedule(pr);
        assertThat(bytes(s, 2)).as("the origin is spared: a and b end as early without it").isZero();
        Problem slow = everyoneHoldsAll(400, peer("a", 10, Priority.NORMAL, false), peer("origin", 1000, Priority.LAST_RESORT, false));
        assertThat(bytes(Scheduler.schedule(slow), 1)).as("but not at the cost of a later end").isPositive();
    }

    @Test
    void site_aRemotePeerOnlyWhereLocalOnesWouldEndLater() {
        Problem pr = everyoneHoldsAll(4, peer("here1", 100, Priority.NORMAL, false), peer("here2", 100, Priority.NORMAL, false),
                peer("there", 100, Priority.NORMAL, true));
        Schedule s = Scheduler.schedule(pr);
        assertThat(s.remoteBytes()).isZero();
    }

    @Test
    void policy_aNeverPeerIsNeverPlanned_evenAsTheOnlyHolder() {
        BitSet all = new BitSet();
        all.set(0, 10);
        BitSet half = new BitSet();
        half.set(0, 5);
        Problem pr = problem(10, List.of(peer("ok", 100, Priority.NORMAL, false), peer("forbidden", 1000, Priority.NEVER, false)),
                List.of(half, all), List.of(half, all));
        Schedule s = Scheduler.schedule(pr);
        assertThat(bytes(s, 1)).isZero();
        assertThat(s.unplanned()).isEqualTo(5);
    }

    @Test
    void rarestFirst_aChunkOnlyOnePeerHoldsGoesToIt() {
        BitSet all = new BitSet();
        all.set(0, 100);
        BitSet one = new BitSet();
        one.set(7);
        Problem pr = problem(100, List.of(peer("fast", 1000, Priority.NORMAL, false), peer("slow", 1, Priority.NORMAL, false)),
                List.of(all, one), List.of(all, one));
        Schedule s = Scheduler.schedule(pr);
        assertThat(s.peerOf()[7]).as("the only other holder is slow: the fast one still takes chunk 7").isZero();
        BitSet rest = new BitSet();
        rest.set(0, 100);
        rest.clear(7);
        Problem rare = problem(100, List.of(peer("a", 100, Priority.NORMAL, false), peer("b", 100, Priority.NORMAL, false)),
                List.of(rest, all), List.of(rest, all));
        assertThat(Scheduler.schedule(rare).peerOf()[7]).as("only b holds chunk 7").isEqualTo(1);
    }
}
