package io.ferry.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * On small instances the scheduler's makespan is within 5% of the best an exhaustive search finds under
 * the same cost model ({@link Scheduler#evaluate}), and never plans a chunk twice or from a peer that
 * may not send it.
 */
class SchedulerOptimalityTest {
    /** A random delivery of {@code n} chunks (4–64 KiB) from {@code k} peers of mixed speed and site. */
    static Problem instance(Random r, int n, int k) {
        long[] sizes = new long[n];
        int[] indices = new int[n];
        int index = 0;
        for (int j = 0; j < n; j++) {
            sizes[j] = 4096 + r.nextInt(60 * 1024);
            index += 1 + (r.nextInt(4) == 0 ? 1 : 0);
            indices[j] = index;
        }
        List<PeerModel> peers = new ArrayList<>();
        List<BitSet> holds = new ArrayList<>();
        List<BitSet> serial = new ArrayList<>();
        Priority[] kinds = Priority.values();
        for (int p = 0; p < k; p++) {
            double mbit = new double[] {20, 50, 100, 1000}[r.nextInt(4)];
            peers.add(new PeerModel(NodeId.of("p" + p), mbit * 1e6 / 8, r.nextDouble() * 0.002, r.nextDouble() * 0.004,
                    kinds[r.nextInt(kinds.length)], r.nextInt(4) == 0, "test"));
            holds.add(new BitSet());
            serial.add(new BitSet());
        }
        for (int j = 0; j < n; j++) {
            int held = 0;
            for (int p = 0; p < k; p++) {
                if (r.nextInt(3) > 0) {
                    holds.get(p).set(j);
                    held++;
                    if (r.nextBoolean()) {
                        serial.get(p).set(j);
                    }
                }
            }
            if (held == 0) {
                int p = r.nextInt(k);
                holds.get(p).set(j);
            }
        }
        return new Problem(sizes, indices, peers, holds, serial, 64 * 1024);
    }

    /** The smallest makespan of any assignment of every chunk to a peer that may send it. */
    static double optimum(Problem pr) {
        int[] peerOf = new int[pr.chunks()];
        return search(pr, peerOf, 0);
    }

    private static double search(Problem pr, int[] peerOf, int j) {
        if (j == peerOf.length) {
            return Scheduler.evaluate(pr, peerOf).makespan();
        }
        double best = Double.MAX_VALUE;
        boolean any = false;
        for (int p = 0; p < pr.peers().size(); p++) {
            if (pr.eligible(p, j)) {
                any = true;
                peerOf[j] = p;
                best = Math.min(best, search(pr, peerOf, j + 1));
            }
        }
        if (!any) {
            peerOf[j] = -1;
            best = search(pr, peerOf, j + 1);
        }
        return best;
    }

    @Test
    void smallInstances_within5PercentOfTheExhaustiveOptimum() {
        Random r = new Random(13);
        double worst = 1;
        for (int t = 0; t < 300; t++) {
            Problem pr = instance(r, 6 + r.nextInt(4), 2 + r.nextInt(2));
            Schedule s = Scheduler.schedule(pr);
            double opt = optimum(pr);
            if (opt == 0) {
                continue; // nothing may be sent: nothing to compare
            }
            worst = Math.max(worst, s.makespan() / opt);
            if (s.makespan() > opt * 1.05) {
                System.out.printf("scheduler figure: instance %d at %.3f%n", t, s.makespan() / opt);
                for (int p = 0; p < pr.peers().size(); p++) {
                    System.out.printf("  peer %d %s holds %s serial %s load %s%n", p, pr.peers().get(p), pr.holds().get(p), pr.serial().get(p), s.loads().get(p));
                }
                System.out.printf("  sizes %s indices %s ours %s%n", java.util.Arrays.toString(pr.sizes()), java.util.Arrays.toString(pr.indices()), java.util.Arrays.toString(s.peerOf()));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(1.05);
        System.out.printf("scheduler figure: worst makespan / exhaustive optimum over 300 small instances: %.4f%n", worst);
    }

    @Test
    void everyChunk_onceToAPeerThatMaySendIt() {
        Random r = new Random(7);
        for (int t = 0; t < 200; t++) {
            Problem pr = instance(r, 1 + r.nextInt(300), 1 + r.nextInt(6));
            Schedule s = Scheduler.schedule(pr);
            for (int j = 0; j < pr.chunks(); j++) {
                int p = s.peerOf()[j];
                boolean anyone = false;
                for (int q = 0; q < pr.peers().size(); q++) {
                    anyone |= pr.eligible(q, j);
                }
                if (anyone) {
                    assertThat(p).isNotNegative();
                    assertThat(pr.eligible(p, j)).as("chunk %d from peer %d", j, p).isTrue();
                } else {
                    assertThat(p).as("no permitted holder").isEqualTo(-1);
                }
            }
            long planned = s.loads().stream().mapToLong(Schedule.Load::bytes).sum();
            long expected = 0;
            for (int j = 0; j < pr.chunks(); j++) {
                expected += s.peerOf()[j] >= 0 ? pr.sizes()[j] : 0;
            }
            assertThat(planned).isEqualTo(expected);
        }
    }
}
