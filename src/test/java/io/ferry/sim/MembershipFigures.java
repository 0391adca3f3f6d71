package io.ferry.sim;

import io.ferry.exchange.swim.MemberState;
import io.ferry.exchange.swim.SwimConfig;
import java.util.Locale;

/**
 * MembershipFigures prints the membership's figures (issue 12) as TSV, from the real {@code Swim} code on a
 * simulated clock and network: for each N, the time for every node to learn a joining node, for a killed
 * node to be suspect somewhere and dead everywhere (against the bound), false deaths with 10%
 * loss over five simulated minutes (five kills: median and worst), and a quiet cluster's bytes per second per node.
 * {@code bench/sim-membership.sh} runs it.
 */
public final class MembershipFigures {
    private MembershipFigures() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {10, 100, 1000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("nodes\tjoin_all_s\tfirst_suspect_median_s\tdead_everywhere_median_s\tdead_everywhere_max_s\tbound_s\tquiet_bytes_per_s_per_node\t"
                + "false_deaths_10pct_loss_5min");
        for (int n : sizes) {
            System.out.println(run(n));
        }
    }

    static String run(int n) {
        SwimSim sim = new SwimSim(5 + n, SwimConfig.lan(), 0, 20);
        sim.start(n);
        boolean joined = sim.loop.runUntil(600_000, sim::allAlive);
        double join = sim.loop.now() / 1000.0;
        sim.loop.runUntil(sim.loop.now() + 30_000);
        long from = sim.bytes();
        sim.loop.runUntil(sim.loop.now() + 60_000);
        double quiet = (sim.bytes() - from) / 60.0 / n;
        double[] dead = new double[5];
        double[] suspect = new double[5];
        for (int k = 0; k < dead.length; k++) { // five kills, one after the other: the time depends on who probes first
            int victim = n / 2 + k;
            sim.firstSuspect = 0;
            long t0 = sim.loop.now();
            sim.kill(victim);
            boolean all = sim.loop.runUntil(t0 + 600_000, () -> sim.everyoneSees(victim, MemberState.DEAD));
            dead[k] = all ? (sim.loop.now() - t0) / 1000.0 : Double.NaN;
            suspect[k] = (sim.firstSuspect - t0) / 1000.0;
            sim.loop.runUntil(sim.loop.now() + 5_000);
        }
        java.util.Arrays.sort(dead);
        java.util.Arrays.sort(suspect);
        double bound = 2 + 4 * Math.max(1, Math.log10(n)) + 2 * Math.log(n) / Math.log(2) * 0.2;
        SwimSim lossy = new SwimSim(9 + n, SwimConfig.lan(), 0, 20);
        lossy.start(n);
        lossy.loop.runUntil(600_000, lossy::allAlive);
        lossy.falseDeaths = 0;
        lossy.loss = 0.1;
        lossy.loop.runUntil(lossy.loop.now() + 300_000);
        return String.format(Locale.ROOT, "%d\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.0f\t%d", n,
                joined ? String.format(Locale.ROOT, "%.1f", join) : "never", suspect[2], dead[2], dead[4], bound, quiet,
                lossy.falseDeaths);
    }
}
