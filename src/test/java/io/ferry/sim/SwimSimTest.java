package io.ferry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.exchange.swim.MemberState;
import io.ferry.exchange.swim.SwimConfig;
import org.junit.jupiter.api.Test;

/**
 * Membership of 24 nodes on a simulated clock and network: joining through one seed, a killed node dead
 * everywhere within the bound, no false death with 10% loss, a graceful leave, a rejoin after a
 * restart and a partition that heals into one view.
 */
class SwimSimTest {
    private static final int N = 24;
    /** Two probe periods + 4·log10(N) s of suspicion + 2·log2(N) gossip rounds of 200 ms. */
    private static final long BOUND = (long) (2000 + 4000 * Math.log10(N) + 2 * Math.log(N) / Math.log(2) * 200);

    private static SwimSim started(double loss) {
        SwimSim sim = new SwimSim(11, SwimConfig.lan(), loss, 20);
        sim.start(N);
        assertThat(sim.loop.runUntil(20_000, sim::allAlive)).as("everyone learnt everyone through the seed").isTrue();
        return sim;
    }

    @Test
    void aKilledNode_isDeadEverywhereWithinTheBound() {
        SwimSim sim = started(0);
        sim.kill(7);
        long t0 = sim.loop.now();
        assertThat(sim.loop.runUntil(t0 + BOUND, () -> sim.everyoneSees(7, MemberState.DEAD)))
                .as("dead everywhere within %d ms", BOUND).isTrue();
        assertThat(sim.falseDeaths).isZero();
    }

    @Test
    void withTenPercentLoss_noLiveNodeIsEverDeclaredDead() {
        SwimSim sim = started(0);
        sim.loss = 0.1; // suspicions come and are refuted; none may last to a death
        sim.loop.runUntil(sim.loop.now() + 300_000);
        assertThat(sim.falseDeaths).isZero();
        sim.loss = 0;
        assertThat(sim.loop.runUntil(sim.loop.now() + 30_000, sim::allAlive)).isTrue();
    }

    @Test
    void aLeavingNode_isLeftEverywhereAtOnce_andARestartedOneAliveAgain() {
        SwimSim sim = started(0);
        sim.leave(3);
        long t0 = sim.loop.now();
        assertThat(sim.loop.runUntil(t0 + 2_000, () -> sim.everyoneSees(3, MemberState.LEFT))).isTrue();
        sim.kill(3);
        sim.loop.runUntil(sim.loop.now() + 5_000);
        sim.restart(3, 10);
        assertThat(sim.loop.runUntil(sim.loop.now() + 10_000, sim::allAlive)).as("rejoined").isTrue();
        assertThat(sim.falseDeaths).isZero();
    }

    @Test
    void aPartition_healsIntoOneView() {
        SwimSim sim = started(0);
        for (int i = 0; i < N / 3; i++) {
            sim.side[i] = 1;
        }
        sim.loop.runUntil(sim.loop.now() + 60_000);
        assertThat(sim.everyoneSees(0, MemberState.DEAD)).as("each side declared the other dead").isFalse();
        assertThat(sim.node(N - 1).view(sim.node(0))).isEqualTo(MemberState.DEAD);
        java.util.Arrays.fill(sim.side, 0);
        assertThat(sim.loop.runUntil(sim.loop.now() + 180_000, sim::allAlive)).as("one view again").isTrue();
    }
}
