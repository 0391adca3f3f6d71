package io.ferry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The fact gossip of many nodes on a simulated network and clock: a new image reaches every node within
 * the bound of 2·log2(N)+2 rounds, also with 10% of the messages lost, and a quiet cluster in step
 * costs under 1 KB/s per node.
 */
class GossipSimTest {
    @Test
    void aNewImageReachesEveryNodeWithinTheRoundBound_andAQuietClusterCostsLittle() {
        for (double loss : new double[] {0, 0.1}) {
            GossipSim sim = new GossipSim(7, loss, 20, 1000, 72, 480);
            sim.start(64, 1);
            sim.loop.runUntil(10_000);
            long from = sim.bytes();
            sim.loop.runUntil(40_000);
            double quiet = (sim.bytes() - from) / 30.0 / 64;
            assertThat(quiet).as("quiet bytes/s per node, loss " + loss).isLessThan(1024);
            long t0 = sim.loop.now();
            long v = sim.publish(5, 32_768);
            boolean all = sim.loop.runUntil(t0 + 14_000, () -> sim.everyoneKnows(5, v)); // 2·log2(64)+2 = 14 rounds
            assertThat(all).as("every node knows the new image within 14 rounds, loss " + loss).isTrue();
        }
    }
}
