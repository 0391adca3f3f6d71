package io.ferry.sim;

import java.util.Locale;

/**
 * GossipFigures prints the fact gossip's figures (issue 12) as TSV: for each N, rounds until every node
 * knows a new image (with and without 10% loss), a quiet cluster's bytes per second per node, and what
 * announcing a 2 GiB image costs cluster-wide. {@code bench/sim-gossip.sh} runs it. The quiet traffic is
 * measured over 60 rounds, 10 from N = 5,000 on (each simulated round there costs every node's digest
 * twice over: 10⁸ map entries), after 10 rounds to settle; the last column is the run's wall time.
 */
public final class GossipFigures {
    private static final long INTERVAL = 1000;
    /** A P-256 ECDSA signature (DER) and a node certificate from the cluster CA, as the tests' CA makes them. */
    private static final int SIGNATURE = 72;
    private static final int CERTIFICATE = 480;

    private GossipFigures() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {10, 100, 1000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("nodes\tloss\trounds_to_all\tgoal_rounds\tquiet_bytes_per_s_per_node\tannounce_bytes\t"
                + "announce_pct_of_2GiB\tverifications_per_node\twall_s");
        for (int n : sizes) {
            for (double loss : new double[] {0, 0.1}) {
                System.out.println(run(n, loss));
            }
        }
    }

    static String run(int n, double loss) {
        long wall = System.nanoTime();
        int window = n >= 5000 ? 10 : 60;
        GossipSim sim = new GossipSim(42 + n, loss, 20, INTERVAL, SIGNATURE, CERTIFICATE);
        sim.start(n, 2);
        sim.loop.runUntil(10 * INTERVAL);
        long quietFrom = sim.bytes();
        sim.loop.runUntil((10 + window) * INTERVAL);
        double quiet = (sim.bytes() - quietFrom) / (double) window / n;
        long before = sim.bytes();
        long verifiedBefore = sim.verifications();
        long t0 = sim.loop.now();
        long version = sim.publish(0, 32_768);
        boolean all = sim.loop.runUntil(t0 + 200 * INTERVAL, () -> sim.everyoneKnows(0, version));
        double rounds = (sim.loop.now() - t0) / (double) INTERVAL;
        long announce = sim.bytes() - before - (long) (quiet * n * rounds);
        double goal = 2 * Math.log(n) / Math.log(2) + 2;
        return String.format(Locale.ROOT, "%d\t%.2f\t%s\t%.1f\t%.0f\t%d\t%.4f\t%.1f\t%.0f", n, loss,
                all ? String.format(Locale.ROOT, "%.1f", rounds) : "never", goal, quiet, announce,
                100.0 * announce / (2.0 * (1L << 30)), (sim.verifications() - verifiedBefore) / (double) n,
                (System.nanoTime() - wall) / 1e9);
    }
}
