package io.ferry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.exchange.swim.MemberState;
import io.ferry.exchange.swim.SwimConfig;
import org.junit.jupiter.api.Test;

/**
 * Membership of 24 nodes on a simulated clock and network: joining through one seed, a killed node suspect
 * then dead everywhere within the bound, no false death with 10% loss, a graceful leave, a rejoin
 * after a restart, a partition that heals into one view, and a late joiner known everywhere.
 */
class SwimSimTest {
    private static final int N = 24;
    /** Two probe periods + 4·log10(N) s of suspicion + 2·log2(N) gossip rounds of 200 ms. */
    private static final long BOUND = (long) (2000 + 4000 * Math.log10(N) + 2 * Math.log(N) / Math.log(2) * 200);

    private static SwimSim started(long seed) {
        SwimSim sim = new SwimSim(seed, SwimConfig.lan(), 0, 20);
        sim.start(N);
        assertThat(sim.loop.runUntil(20_000, sim::allAlive)).as("everyone learnt everyone through the seed").isTrue();
        return sim;
    }

    @Test
    void aKilledNode_isSuspectThenDeadEverywhereWithinTheBound() {
        for (long seed = 1; seed <= 5; seed++) { // who probes the dead node first is luck: several draws
            SwimSim sim = started(seed);
            sim.loop.runUntil(sim.loop.now() + 10_000);
            sim.kill(7);
            long t0 = sim.loop.now();
            assertThat(sim.loop.runUntil(t0 + BOUND, () -> sim.everyoneSees(7, MemberState.DEAD)))
                    .as("seed %d: dead everywhere within %d ms", seed, BOUND).isTrue();
            assertThat(sim.firstSuspect).as("suspect first").isBetween(t0 + 1, sim.firstDead - 1);
            assertThat(sim.falseDeaths).isZero();
        }
    }

    @Test
    void withTenPercentLoss_noLiveNodeIsEverDeclaredDead() {
        SwimSim sim = started(11);
        sim.net.loss(0.1); // suspicions come and are refuted; none may last to a death
        sim.loop.runUntil(sim.loop.now() + 300_000);
        assertThat(sim.firstSuspect).as("the loss did raise suspicions").isPositive();
        assertThat(sim.falseDeaths).isZero();
        sim.net.loss(0);
        assertThat(sim.loop.runUntil(sim.loop.now() + 30_000, sim::allAlive)).isTrue();
    }

    @Test
    void aLeavingNode_isLeftEverywhereAtOnce_neverProbed_andARestartedOneAliveAgain() {
        SwimSim sim = started(12);
        sim.leave(3);
        long t0 = sim.loop.now();
        assertThat(sim.loop.runUntil(t0 + 2_000, () -> sim.everyoneSees(3, MemberState.LEFT))).isTrue();
        long pings = sim.node(3).swim.counters().messages().getOrDefault("Ack", 0L);
        sim.loop.runUntil(sim.loop.now() + 20_000);
        assertThat(sim.node(3).swim.counters().messages().getOrDefault("Ack", 0L)).as("nobody probes it").isEqualTo(pings);
        assertThat(sim.everyoneSees(3, MemberState.LEFT)).as("left, not dead").isTrue();
        sim.kill(3);
        sim.loop.runUntil(sim.loop.now() + 5_000);
        sim.restart(3, 10);
        assertThat(sim.loop.runUntil(sim.loop.now() + 10_000, sim::allAlive)).as("rejoined").isTrue();
        assertThat(sim.falseDeaths).isZero();
    }

    @Test
    void aKilledNodeThatRestarts_isAliveEverywhereAgain() {
        SwimSim sim = started(13);
        sim.kill(5);
        assertThat(sim.loop.runUntil(sim.loop.now() + 60_000, () -> sim.everyoneSees(5, MemberState.DEAD))).isTrue();
        sim.restart(5, 0);
        assertThat(sim.loop.runUntil(sim.loop.now() + 10_000, sim::allAlive)).as("alive again everywhere").isTrue();
    }

    @Test
    void aPartition_healsIntoOneView() {
        SwimSim sim = started(14);
        sim.partition(0, N / 3);
        // the small side slows its own probing (Lifeguard: its probes fail, so it doubts itself): wait for it
        assertThat(sim.loop.runUntil(sim.loop.now() + 120_000, () -> sim.node(N - 1).view(sim.node(0)) == MemberState.DEAD
                && sim.node(0).view(sim.node(N - 1)) == MemberState.DEAD)).as("each side declared the other dead").isTrue();
        assertThat(sim.node(N - 1).view(sim.node(N - 2))).as("but not its own side").isEqualTo(MemberState.ALIVE);
        sim.heal();
        assertThat(sim.loop.runUntil(sim.loop.now() + 180_000, sim::allAlive)).as("one view again").isTrue();
    }

    @Test
    void aLateJoinerThroughAnyMember_isKnownEverywhere_andKnowsEveryone() {
        SwimSim sim = started(15);
        int late = sim.add(17);
        assertThat(sim.loop.runUntil(sim.loop.now() + 10_000, sim::allAlive)).isTrue();
        assertThat(sim.node(late).swim.count(MemberState.ALIVE)).isEqualTo(N);
    }
}
