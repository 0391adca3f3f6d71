package io.ferry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.plan.Strategy;
import org.junit.jupiter.api.Test;

/** The delivery simulation itself: every node gets every piece, no sooner than the links allow. */
class DeliverySimTest {
    @Test
    void fourNodesOnTwoSitesAllFinish_noSoonerThanTheirLinksAllow() {
        double gbit = 1e9 / 8 / 1000;
        DeliverySim sim = new DeliverySim(1 << 20, 64, gbit, Strategy.OPTIMIZED);
        sim.add(0, 10 * gbit, 10 * gbit);
        for (int i = 0; i < 4; i++) {
            sim.add(i % 2, gbit, gbit);
        }
        sim.start(30, 1);
        assertThat(sim.loop.runUntil(600_000, sim::allDone)).isTrue();
        double floor = 64.0 * (1 << 20) / gbit; // each node's own downlink, in ms
        for (DeliverySim.Node n : sim.nodes.subList(1, sim.nodes.size())) {
            assertThat((double) n.doneAt).isGreaterThanOrEqualTo(floor);
        }
        assertThat(java.util.Arrays.stream(sim.crossings).min().orElse(0)).as("every piece reached the far site").isPositive();
    }
}
