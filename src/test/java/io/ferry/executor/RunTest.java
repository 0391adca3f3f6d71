package io.ferry.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.catalog.PeerHistory;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import io.ferry.plan.PeerProfile;
import io.ferry.plan.Plan;
import io.ferry.plan.Priority;
import io.ferry.plan.SourcePlanner;
import io.ferry.plan.Strategy;
import io.ferry.plan.TestChunks;
import io.ferry.sim.EventLoop;
import io.ferry.trust.NodeId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * The executor's decisions ({@link Run}) on a simulated clock: each peer serves a request at its own
 * rate, so what the run does is decided by the rates alone, not by this machine's speed.
 */
class RunTest {
    private static final int CHUNK = 64 << 10;

    private final EventLoop loop = new EventLoop();
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(loop.now());
        }
    };

    @Test
    void aTwentyTimesSlowerPeerGetsLittle() {
        Delivery d = new Delivery(400, Map.of(NodeId.of("fast"), 10_000.0, NodeId.of("slow"), 500.0), 0);
        d.runs();
        RunResult r = d.run.result();
        long slow = r.wireByPeer().getOrDefault(NodeId.of("slow"), 0L);
        long all = r.wireByPeer().values().stream().mapToLong(Long::longValue).sum();
        assertThat((double) slow / all).as("the slow peer's share of the bytes, for 1/21 of the bandwidth").isLessThan(0.1);
        double ideal = 400.0 * CHUNK / 10_500;
        assertThat((double) loop.now()).as("milliseconds, against the ideal of both links").isLessThan(1.3 * ideal);
    }

    @Test
    void aPeerThatStallsMidRequestHasItsChunksAskedOfAnother_andNoChunkCountsTwice() {
        // "stalls" sends every chunk it is asked for after the first half second sixty times slower
        Delivery d = new Delivery(400, Map.of(NodeId.of("steady"), 5_000.0, NodeId.of("stalls"), 5_000.0), 500);
        d.runs();
        assertThat(d.asked.values()).as("the endgame asked a lagging request's chunks of the other peer").contains(2);
        assertThat(d.arrived).hasSize(400).allSatisfy((id, times) -> assertThat(times).as("arrivals of %s", id).isEqualTo(1));
        double alone = 400.0 * CHUNK / 5_000;
        assertThat((double) loop.now()).as("milliseconds, against the steady peer alone").isLessThan(1.3 * alone);
    }

    @Test
    void aBusyPeerIsAskedAgainAfterAPause_asOftenAsItTakes_andIsNeitherDroppedNorCountedAsFailing() {
        // ten busy answers in a row: more than the four pauses a failing peer gets before it is dropped
        Delivery d = new Delivery(2000, Map.of(NodeId.of("crowded"), 5_000.0, NodeId.of("steady"), 500.0), 0).refusing(10);
        d.runs();
        RunResult r = d.run.result();
        assertThat(r.failures()).isEmpty();
        assertThat(r.errors()).isEmpty();
        assertThat(r.wireByPeer().get(NodeId.of("crowded"))).as("it served once it had room").isPositive();
    }

    /**
     * One delivery of {@code n} chunks from peers serving at the given rates (bytes per ms), all holding all;
     * a request's chunks come one after the other (a cancelled one is cut off half-way).
     */
    private final class Delivery {
        final Plan plan;
        final Map<ChunkId, Integer> asked = new HashMap<>();
        final Map<ChunkId, Integer> arrived = new HashMap<>();
        final SimulatedRun run;
        final int[] refusals = {0};

        Delivery(int n, Map<NodeId, Double> bytesPerMs, long stallAfter) {
            ChunkList chunks = TestChunks.of(n, CHUNK);
            BitSet missing = new BitSet();
            missing.set(0, n);
            plan = new SourcePlanner(Strategy.OPTIMIZED).plan(ManifestId.parse("ab".repeat(32)), chunks, missing, NodeId.of("self"));
            for (NodeId p : bytesPerMs.keySet()) {
                plan.addPeer(new PeerProfile(p, p.value() + ":1", null, false, Priority.NORMAL, null, PeerHistory.NONE));
                for (int i = 0; i < n; i++) {
                    plan.addTargetHolder(p, i);
                }
            }
            run = new SimulatedRun(plan, chunks, clock, loop::after, new SimulatedRun.Wire() {
                @Override
                public void carry(NodeId from, ChunkId id, long bytes, boolean first, BooleanSupplier cancelled, LongConsumer done) {
                    asked.merge(id, 1, Integer::sum);
                    boolean stalled = stallAfter > 0 && from.value().equals("stalls") && loop.now() >= stallAfter;
                    long millis = (long) Math.ceil(bytes / bytesPerMs.get(from) * (stalled ? 60 : 1));
                    loop.after(millis, () -> done.accept(cancelled.getAsBoolean() ? bytes / 2 : bytes));
                }

                @Override
                public boolean open(NodeId from, Runnable go) {
                    if (from.value().equals("crowded") && refusals[0]-- > 0) {
                        return false;
                    }
                    go.run();
                    return true;
                }
            }, id -> arrived.merge(id, 1, Integer::sum));
        }

        /** "crowded" answers its first {@code n} requests busy (503). */
        Delivery refusing(int n) {
            refusals[0] = n;
            return this;
        }

        void runs() {
            run.begin();
            assertThat(loop.runUntil(600_000, run::over)).isTrue();
            assertThat(plan.finished()).isTrue();
            assertThat(arrived).hasSize(plan.remaining() + arrived.size());
        }
    }
}
