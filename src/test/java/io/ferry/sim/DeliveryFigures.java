package io.ferry.sim;

import io.ferry.plan.Strategy;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * DeliveryFigures prints the delivery simulation's figures (issue 13) as TSV. Two sites: the seed and
 * half the nodes in one, the other half in the other, joined by a link of 2 Gbit/s; uplinks and
 * downlinks (a node's NIC, both ways) drawn from 100 Mbit/s (20%), 1 Gbit/s (50%), 10 Gbit/s (30%); the
 * seed at 10 Gbit/s; a 2 GiB image in 1 MiB pieces ({@code -Dsim.pieceMiB=4}: 4 MiB, for a thousand
 * nodes); each node follows the seed, its own site (at most 60 of it, at random) and 30 of
 * the other. Crossings are per piece into the seed's far site (the goal: one). {@code -Dsim.mateDelay=MS}
 * sets when nodes see their site mates' deliveries (default 1,000: one gossip round). The
 * bound T_min (Kumar and Ross, with the link between sites as one more bottleneck) is the largest of:
 * F/u_s; F/d_min; N·F/(u_s + Σu); F/L (one copy must cross); N_B·F/(L + Σ_B u) (the far site gets its
 * copies over the link or from its own uploads); (N_A + 1)·F/(u_s + Σ_A u) (the near site's uploads feed
 * its own nodes and the one copy that crosses). Then Kraken's published setting: 2,600 hosts of 300 MB/s
 * both ways, a 3 GiB image in 4 MiB pieces, one site (its figures: p50 10 s, p99 18 s).
 * {@code bench/sim-deliveries.sh} runs it; {@code -Dsim.debug=true} adds a line per node on stderr (its
 * NIC, when it was done, the wire bytes it received over the image's size, chunks reassigned).
 */
public final class DeliveryFigures {
    private static final double MBIT = 1e6 / 8 / 1000; // bytes per millisecond

    private DeliveryFigures() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {8, 100, 1000}
                : Arrays.stream(args).filter(a -> !a.equals("kraken")).mapToInt(Integer::parseInt).toArray();
        System.out.println("setting\tnodes\tp50_s\tp99_s\tlast_s\tt_min_s\tlast_over_t_min\tmax_crossings\tmean_crossings\t"
                + "undelivered\twall_s");
        for (int n : sizes) {
            System.out.println(twoSites(n));
        }
        if (args.length == 0 || Arrays.asList(args).contains("kraken")) {
            System.out.println(kraken(2600));
        }
    }

    static String twoSites(int n) {
        long wall = System.nanoTime();
        long piece = (long) Integer.getInteger("sim.pieceMiB", 1) << 20;
        int pieces = (int) ((2L << 30) / piece);
        double between = 2000 * MBIT;
        DeliverySim sim = new DeliverySim((int) piece, pieces, between, Strategy.OPTIMIZED);
        double seedUp = 10_000 * MBIT;
        sim.add(0, seedUp, seedUp);
        Random random = new Random(n);
        double[] upBySite = new double[2];
        double dMin = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double r = random.nextDouble();
            double rate = (r < 0.2 ? 100 : r < 0.7 ? 1000 : 10_000) * MBIT;
            int site = i % 2;
            sim.add(site, rate, rate);
            upBySite[site] += rate;
            dMin = Math.min(dMin, rate);
        }
        sim.start(30, n);
        double f = piece * (double) pieces;
        int nA = (n + 1) / 2;
        int nB = n / 2;
        double tMin = max(f / seedUp, f / dMin, n * f / (seedUp + upBySite[0] + upBySite[1]), f / between,
                nB * f / (between + upBySite[1]), (nA + 1) * f / (seedUp + upBySite[0])) / 1000;
        return row("two sites", sim, n, tMin, wall);
    }

    static String kraken(int n) {
        long wall = System.nanoTime();
        long piece = 4 << 20;
        int pieces = 768;
        double rate = 300e6 / 1000;
        DeliverySim sim = new DeliverySim((int) piece, pieces, 0, Strategy.OPTIMIZED);
        sim.add(0, rate, rate);
        for (int i = 0; i < n; i++) {
            sim.add(0, rate, rate);
        }
        sim.start(30, n);
        double f = piece * (double) pieces;
        double tMin = max(f / rate, f / rate, n * f / (rate * (n + 1))) / 1000;
        return row("kraken's: 3 GiB, 300 MB/s", sim, n, tMin, wall);
    }

    private static String row(String setting, DeliverySim sim, int n, double tMin, long wall) {
        sim.loop.runUntil(3_600_000, sim::allDone);
        double[] done = sim.nodes.stream().skip(1).filter(x -> x.doneAt >= 0).mapToDouble(x -> x.doneAt / 1000.0).sorted().toArray();
        long undelivered = n - done.length;
        double last = done.length == 0 ? Double.NaN : done[done.length - 1];
        if (Boolean.getBoolean("sim.debug")) {
            for (DeliverySim.Node x : sim.nodes.subList(1, sim.nodes.size())) {
                io.ferry.executor.RunResult r = x.run.result();
                long w = r.wireByPeer().values().stream().mapToLong(Long::longValue).sum();
                System.err.printf("n%d site%d nic=%.0f done=%.1f wire/F=%.2f reassigned=%d%n", x.id, x.site, x.upBytesPerMs / MBIT,
                        x.doneAt / 1000.0, w / (double) (1L << 31), r.reassigned());
            }
        }
        int max = Arrays.stream(sim.crossings).max().orElse(0);
        double mean = Arrays.stream(sim.crossings).average().orElse(0);
        return String.format(Locale.ROOT, "%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%d\t%.2f\t%d\t%.0f", setting, n,
                pct(done, 0.5), pct(done, 0.99), last, tMin, last / tMin, max, mean, undelivered, (System.nanoTime() - wall) / 1e9);
    }

    private static double pct(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double max(double... v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
