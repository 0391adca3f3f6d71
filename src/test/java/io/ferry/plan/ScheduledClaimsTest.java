package io.ferry.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.catalog.PeerHistory;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Claims driven by a schedule: owners, work stealing, static splits, and what makes a new schedule due. */
class ScheduledClaimsTest {
    private static final int SIZE = 16 << 10;

    private static ChunkList chunks(int n) {
        return TestChunks.of(n, SIZE);
    }

    private static Claims claims(ChunkList c, Strategy s) {
        BitSet missing = new BitSet();
        missing.set(0, c.count());
        return new Claims(ManifestId.parse("cd".repeat(32)), c, missing, 0, s, NodeId.of("self"));
    }

    private static PeerProfile peer(String name, long mbit, Priority priority) {
        return new PeerProfile(NodeId.of(name), name + ":1", null, false, priority, mbit * 1_000_000, PeerHistory.NONE);
    }

    private static void holdsAll(Claims claims, ChunkList c, PeerProfile p) {
        claims.addPeer(p);
        for (int i = 0; i < c.count(); i++) {
            claims.addTargetHolder(p.node(), i);
        }
    }

    /** Claims over {@code c} by {@code s}, every one of {@code peers} holding all of it, scheduled once. */
    private static Claims scheduled(ChunkList c, Strategy s, PeerProfile... peers) {
        Claims claims = claims(c, s);
        for (PeerProfile p : peers) {
            holdsAll(claims, c, p);
        }
        claims.replan();
        return claims;
    }

    /** Claims of {@code node} until it gets none, completing each; the chunks it got. */
    private static List<ChunkId> drain(Claims claims, NodeId node) {
        List<ChunkId> got = new ArrayList<>();
        Job job;
        while ((job = claims.claim(node, 1 << 20, 1000)) != null) {
            for (ChunkId id : job.ids()) {
                claims.complete(id);
                got.add(id);
            }
        }
        return got;
    }

    @Test
    void peersAreGivenSharesByRate_andClaimTheirOwnBeforeStealing() {
        ChunkList c = chunks(1700);
        Claims claims = claims(c, Strategy.OPTIMIZED);
        PeerProfile slow = peer("slow", 20, Priority.NORMAL);
        PeerProfile fast = peer("fast", 150, Priority.NORMAL);
        holdsAll(claims, c, slow);
        holdsAll(claims, c, fast);
        assertThat(claims.needsReplan()).isTrue();
        Schedule s = claims.replan();
        assertThat(claims.needsReplan()).isFalse();
        int share = s.loads().get(0).chunks();
        assertThat(share).isBetween(190, 210);
        Set<Integer> own = new HashSet<>();
        for (int j = 0; j < s.peerOf().length; j++) {
            if (s.peerOf()[j] == 0) {
                own.add(j);
            }
        }
        List<ChunkId> bySlow = new ArrayList<>();
        while (bySlow.size() < share) {
            Job job = claims.claim(slow.node(), 1 << 20, 1000);
            assertThat(job.isPick()).as("it holds them in the target: named by index").isTrue();
            bySlow.addAll(job.ids());
        }
        assertThat(new HashSet<>(indices(c, bySlow))).isEqualTo(own);
    }

    @Test
    void anIdlePeerStealsTheShareThatBalancesTheEnds_fromTheVictimsTail() {
        PeerProfile a = peer("a", 100, Priority.NORMAL);
        PeerProfile b = peer("b", 100, Priority.NORMAL);
        // b turns out ten times slower than configured: a steals what makes them end together
        ChunkList c2 = chunks(1000);
        Claims second = scheduled(c2, Strategy.OPTIMIZED, a, b);
        second.measured(a.node(), 100e6 / 8);
        second.measured(b.node(), 10e6 / 8);
        List<Integer> byA = indices(c2, drainNoSteal(second, a.node()));
        assertThat(byA).hasSize(500);
        Job stolen = second.claim(a.node(), 64L << 20, 100_000);
        // b owns 500 chunks; at 100 against 10 Mbit/s a's balancing share is 500 * 100/110 = 454
        assertThat(stolen.ids()).hasSize(454);
        List<Integer> taken = indices(c2, stolen.ids());
        assertThat(taken).isSorted().doesNotContainAnyElementsOf(byA);
        List<Integer> kept = indices(c2, second.claim(b.node(), 64L << 20, 100_000).ids());
        assertThat(kept).hasSize(46);
        assertThat(kept.get(kept.size() - 1)).as("b keeps the front of its part").isLessThan(taken.get(0));
        assertThat(second.claim(a.node(), 64L << 20, 100_000)).as("nothing worth a chunk is left to steal").isNull();
        stolen.ids().forEach(id -> second.complete(id));
        assertThat(second.reassigned()).as("chunks planned for b, fetched from a").isEqualTo(454);
    }

    @Test
    void anIdlePeerTakesASlowPeersLastChunk_whenItEndsItSooner() {
        PeerProfile a = peer("a", 100, Priority.NORMAL);
        PeerProfile b = peer("b", 10, Priority.NORMAL);
        ChunkList c = chunks(22);
        Claims claims = scheduled(c, Strategy.OPTIMIZED, a, b); // b is given 2 chunks, a 20
        assertThat(claims.claim(b.node(), SIZE, 1).ids()).hasSize(1);
        drain(claims, a.node()); // a's own 20, then what it may steal
        assertThat(claims.remaining()).as("only b's request in flight is left: its last pending chunk went to a, "
                + "which ends it in a tenth of b's time, though a balancing share is under one chunk").isEqualTo(1);
    }

    private static List<ChunkId> drainNoSteal(Claims claims, NodeId node) {
        List<ChunkId> got = new ArrayList<>();
        for (int k = 0; k < 500; k++) {
            Job job = claims.claim(node, SIZE, 1);
            got.addAll(job.ids());
            job.ids().forEach(id -> claims.complete(id));
        }
        return got;
    }

    private static List<Integer> indices(ChunkList c, List<ChunkId> ids) {
        Map<ChunkId, Integer> at = new HashMap<>();
        for (int i = 0; i < c.count(); i++) {
            at.put(c.id(i), i);
        }
        return ids.stream().map(at::get).toList();
    }

    @Test
    void siteMatesDealTheCrossingOut_andUndeferringLetsAnyoneFetchTheRest() {
        int blocks = 2 * SiteShare.BLOCKS_EACH; // so blocks are whole: two nodes, each at least BLOCKS_EACH of them
        ChunkList c = chunks(SiteShare.BLOCK * blocks);
        Claims claims = claims(c, Strategy.OPTIMIZED); // this node is "self"
        PeerProfile seed = new PeerProfile(NodeId.of("seed"), "seed:1", "dc1", true, Priority.NORMAL, 100_000_000L,
                PeerHistory.NONE);
        holdsAll(claims, c, seed);
        claims.addPeer(new PeerProfile(NodeId.of("mate"), "mate:1", "dc2", false, Priority.NORMAL, null, PeerHistory.NONE));
        claims.siteMate(NodeId.of("mate"));
        assertThat(claims.deferring()).isTrue();
        claims.replan();
        claims.addTargetHolder(NodeId.of("mate"), 0);
        assertThat(claims.claim(NodeId.of("mate"), 1 << 20, 1000)).as("this node's own part of the crossing comes first").isNull();
        List<Integer> across = indices(c, drain(claims, seed.node()));
        // "mate" < "self": the mate brings the even blocks across, this node the odd ones
        assertThat(across).hasSize(SiteShare.BLOCK * blocks / 2).allMatch(i -> (i / SiteShare.BLOCK) % 2 == 1);
        // the mate's blocks come from the mate once it holds them (a holder of this site), now this node's are in
        Job fromMate = claims.claim(NodeId.of("mate"), 1 << 20, 1000);
        assertThat(indices(c, fromMate.ids())).containsExactly(0);
        assertThat(claims.duplicate(seed.node(), fromMate)).as("nor does the endgame ask across for a mate's part").isNull();
        // the mate does not deliver the rest: after the wait, anyone's
        claims.undefer();
        claims.replan();
        assertThat(drain(claims, seed.node())).hasSize(SiteShare.BLOCK * blocks / 2 - 1);
        assertThat(claims.remaining()).isEqualTo(1); // chunk 0 is still in flight from the mate
    }

    @Test
    void staticSplitsNeverSteal() {
        PeerProfile a = peer("a", 100, Priority.NORMAL);
        Claims claims = scheduled(chunks(300), Strategy.ROUND_ROBIN, a, peer("b", 10, Priority.NORMAL));
        assertThat(drain(claims, a.node())).hasSize(150);
        assertThat(claims.adaptive()).isFalse();
        claims.addPeer(peer("a", 200, Priority.NORMAL));
        assertThat(claims.needsReplan()).as("a static split is made once").isFalse();
    }

    @Test
    void aMeasuredRateFarFromTheAssumedOneMakesANewScheduleDue() {
        PeerProfile a = peer("a", 100, Priority.NORMAL);
        Claims claims = scheduled(chunks(100), Strategy.OPTIMIZED, a);
        claims.measured(a.node(), 110e6 / 8);
        assertThat(claims.needsReplan()).as("within a quarter").isFalse();
        claims.measured(a.node(), 40e6 / 8);
        assertThat(claims.needsReplan()).isTrue();
    }

    @Test
    void aDroppedPeersShareGoesToTheOthers_beforeTheNextSchedule() {
        PeerProfile a = peer("a", 100, Priority.NORMAL);
        PeerProfile b = peer("b", 100, Priority.NORMAL);
        Claims claims = scheduled(chunks(200), Strategy.OPTIMIZED, a, b);
        claims.dropNode(b.node());
        assertThat(drain(claims, a.node())).hasSize(200);
        assertThat(claims.finished()).isTrue();
    }

    /**
     * The property: whatever the holdings, priorities and failures, every missing chunk is fetched exactly
     * once, from a live holder that is not a never-source; those only never-sources hold stay missing.
     */
    @Test
    void everyChunkIsAssignedOnceToALivePermittedHolder() {
        Random random = new Random(13);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            ChunkList c = chunks(n);
            Claims claims = claims(c, random.nextBoolean() ? Strategy.OPTIMIZED : Strategy.values()[random.nextInt(5)]);
            int peers = 1 + random.nextInt(6);
            Map<NodeId, BitSet> held = new HashMap<>();
            Set<NodeId> never = new HashSet<>();
            for (int p = 0; p < peers; p++) {
                Priority pr = Priority.values()[random.nextInt(4)];
                PeerProfile profile = peer("p" + p, 1 + random.nextInt(200), pr);
                claims.addPeer(profile);
                BitSet h = new BitSet();
                for (int i = 0; i < n; i++) {
                    if (random.nextInt(3) > 0) {
                        h.set(i);
                        claims.addTargetHolder(profile.node(), i);
                    }
                }
                held.put(profile.node(), h);
                if (pr == Priority.NEVER) {
                    never.add(profile.node());
                }
            }
            NodeId dead = random.nextBoolean() ? NodeId.of("p0") : null;
            claims.replan();
            if (dead != null) {
                claims.dropNode(dead);
            }
            Map<ChunkId, NodeId> from = new HashMap<>();
            boolean progress = true;
            while (progress) {
                progress = false;
                for (NodeId node : held.keySet()) {
                    Job job = claims.claim(node, 1 << 20, 7);
                    if (job == null) {
                        continue;
                    }
                    progress = true;
                    for (ChunkId id : job.ids()) {
                        assertThat(from.put(id, node)).as("chunk claimed twice").isNull();
                        assertThat(held.get(node).get(indexOf(c, id))).as("claimed from a holder").isTrue();
                        claims.complete(id);
                    }
                    assertThat(node).as("never from a dropped peer").isNotEqualTo(dead);
                    assertThat(never).as("never from a never-source").doesNotContain(node);
                }
                if (claims.needsReplan()) {
                    claims.replan();
                }
            }
            for (int i = 0; i < n; i++) {
                boolean available = false;
                for (Map.Entry<NodeId, BitSet> e : held.entrySet()) {
                    available |= e.getValue().get(i) && !e.getKey().equals(dead) && !never.contains(e.getKey());
                }
                assertThat(from.containsKey(c.id(i))).as("chunk %d fetched iff a live holder has it", i).isEqualTo(available);
            }
        }
    }

    private static int indexOf(ChunkList c, ChunkId id) {
        for (int i = 0; i < c.count(); i++) {
            if (c.id(i).equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no such chunk");
    }
}
