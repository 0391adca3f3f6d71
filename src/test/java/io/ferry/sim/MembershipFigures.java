package io.ferry.sim;

import io.ferry.exchange.swim.MemberState;
import io.ferry.exchange.swim.SwimConfig;
import java.util.Arrays;
import java.util.Locale;

/**
 * MembershipFigures prints the membership's figures (issue 12) as TSV, from the real {@code Swim} code on a
 * simulated clock and network (latency 1-20 ms): for each N, the time for all N nodes joining through one
 * seed to see each other, for one more node joining later to be known everywhere, for a killed node to be
 * suspect somewhere and dead everywhere (five kills one after another: median and worst, in seconds and in
 * protocol periods, against the bound), a quiet cluster's bytes per second per node (over two
 * push-pull intervals at least), and false
 * deaths (and suspicions) over five simulated minutes at 10% loss. {@code bench/sim-membership.sh} runs it.
 */
public final class MembershipFigures {
    private MembershipFigures() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {10, 100, 1000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("nodes\tjoin_all_s\tlate_join_known_everywhere_s\tfirst_suspect_median_s\tdead_everywhere_median_s"
                + "\tdead_everywhere_max_s\tdead_everywhere_median_periods\tbound_s\tquiet_bytes_per_s_per_node"
                + "\tfalse_deaths_10pct_loss_5min\tsuspicions_10pct_loss_5min\theap_mb\twall_s");
        for (int n : sizes) {
            System.out.println(run(n));
        }
    }

    static String run(int n) {
        long wall = System.nanoTime();
        SwimConfig config = SwimConfig.lan();
        SwimSim sim = new SwimSim(5 + n, config, 0, 20);
        sim.start(n);
        boolean joined = sim.loop.runUntil(600_000, sim::allAlive);
        double join = sim.loop.now() / 1000.0;
        sim.loop.runUntil(sim.loop.now() + 30_000);
        long heap = usedHeapMb();
        long from = sim.bytes();
        long window = Math.max(60_000, 2 * config.sync(n)); // whole push-pull periods, not only probes
        sim.loop.runUntil(sim.loop.now() + window);
        double quiet = (sim.bytes() - from) * 1000.0 / window / n;
        long t = sim.loop.now();
        int late = sim.add(n / 3);
        boolean known = sim.loop.runUntil(t + 600_000, () -> sim.everyoneSees(late, MemberState.ALIVE));
        double lateJoin = (sim.loop.now() - t) / 1000.0;
        double[] dead = new double[5];
        double[] suspect = new double[5];
        for (int k = 0; k < dead.length; k++) { // who probes the dead node first is luck: several kills
            int victim = n / 2 + k;
            sim.firstSuspect = 0;
            long t0 = sim.loop.now();
            sim.kill(victim);
            boolean all = sim.loop.runUntil(t0 + 600_000, () -> sim.everyoneSees(victim, MemberState.DEAD));
            dead[k] = all ? (sim.loop.now() - t0) / 1000.0 : Double.NaN;
            suspect[k] = (sim.firstSuspect - t0) / 1000.0;
            sim.loop.runUntil(sim.loop.now() + 5_000);
        }
        Arrays.sort(dead);
        Arrays.sort(suspect);
        double bound = 2 * config.probeMillis() / 1000.0 + 4 * Math.max(1, Math.log10(n))
                + 2 * Math.log(n) / Math.log(2) * config.gossipMillis() / 1000.0;
        SwimSim lossy = sim; // the same cluster, its kills dead everywhere by now: saves building a second one
        lossy.falseDeaths = 0;
        lossy.suspicions = 0;
        lossy.net.loss(0.1);
        lossy.loop.runUntil(lossy.loop.now() + 300_000);
        return String.format(Locale.ROOT, "%d\t%s\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.0f\t%d\t%d\t%d\t%.0f", n,
                joined ? String.format(Locale.ROOT, "%.1f", join) : "never",
                known ? String.format(Locale.ROOT, "%.1f", lateJoin) : "never", suspect[2], dead[2], dead[4],
                dead[2] * 1000 / config.probeMillis(), bound, quiet, lossy.falseDeaths, lossy.suspicions, heap,
                (System.nanoTime() - wall) / 1e9);
    }

    private static long usedHeapMb() {
        Runtime r = Runtime.getRuntime();
        System.gc();
        return (r.totalMemory() - r.freeMemory()) >> 20;
    }
}
