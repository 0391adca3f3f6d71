package io.ferry.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.trust.NodeId;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimsTest {
    private static final int N = 100;

    private static ChunkList chunks() {
        return chunks(N);
    }

    private static ChunkList chunks(int n) {
        return TestChunks.of(n, 1000);
    }

    private static Claims claims(ChunkList c, long spread) {
        BitSet missing = new BitSet();
        missing.set(0, c.count());
        return new Claims(ManifestId.parse("ab".repeat(32)), c, missing, spread);
    }

    @Test
    void aSeedIsAskedForWhatNobodyElseHoldsFirst() {
        ChunkList c = chunks();
        Claims claims = claims(c, 0);
        for (int i = 0; i < N; i++) {
            claims.addHolder(NodeId.of("seed"), c.id(i));
        }
        for (int i = 0; i < 50; i++) {
            claims.addHolder(NodeId.of("peer"), c.id(i)); // the first half has spread to a peer
        }
        Job fromSeed = claims.claim(NodeId.of("seed"), 10_000, 1000);
        assertThat(fromSeed.ids()).hasSize(10).containsExactlyElementsOf(ids(c, 50, 60));
        Job fromPeer = claims.claim(NodeId.of("peer"), 10_000, 1000);
        assertThat(fromPeer.ids()).containsExactlyElementsOf(ids(c, 0, 10));
    }

    @Test
    void nodesStartingTogetherAskForDifferentParts() {
        ChunkList c = chunks();
        Set<ChunkId> firsts = new HashSet<>();
        for (long node = 0; node < 4; node++) {
            Claims claims = claims(c, node * 25);
            for (int i = 0; i < N; i++) {
                claims.addHolder(NodeId.of("seed"), c.id(i));
            }
            Job job = claims.claim(NodeId.of("seed"), 5_000, 1000);
            assertThat(job.ids()).hasSize(5);
            firsts.add(job.ids().get(0));
        }
        assertThat(firsts).hasSize(4);
    }

    @Test
    void theImageFillsFrontToBackWindowByWindow() {
        ChunkList c = chunks(Claims.WINDOW * 3);
        Claims claims = claims(c, Claims.WINDOW / 2);
        for (int i = 0; i < c.count(); i++) {
            claims.addHolder(NodeId.of("seed"), c.id(i));
        }
        java.util.List<Integer> starts = new java.util.ArrayList<>();
        Job job;
        while ((job = claims.claim(NodeId.of("seed"), 100 * 1000, 1000)) != null) {
            byte[] first = job.ids().get(0).bytes();
            starts.add(first[0] & 0xff | (first[1] & 0xff) << 8);
            job.ids().forEach(id -> claims.complete(id));
        }
        // it starts at its own offset in the first window, goes round it, then moves on
        assertThat(starts.get(0)).isEqualTo(Claims.WINDOW / 2);
        int wrapped = starts.indexOf(0);
        assertThat(wrapped).isPositive();
        assertThat(starts.subList(0, wrapped)).allMatch(i -> i < 2 * Claims.WINDOW);
        assertThat(claims.finished()).isTrue();
    }

    @Test
    void claimsGoRoundFromTheStartAndMissNothing() {
        ChunkList c = chunks();
        Claims claims = claims(c, 90);
        for (int i = 0; i < N; i++) {
            claims.addHolder(NodeId.of("a"), c.id(i));
        }
        Set<ChunkId> got = new HashSet<>();
        Job job;
        while ((job = claims.claim(NodeId.of("a"), 7_000, 1000)) != null) {
            for (ChunkId id : job.ids()) {
                assertThat(got.add(id)).as("claimed twice").isTrue();
                claims.complete(id);
            }
        }
        assertThat(got).hasSize(N);
        assertThat(claims.finished()).isTrue();
    }

    @Test
    void aReleasedClaimIsOfferedAgainAndADroppedNodeGetsNothing() {
        ChunkList c = chunks();
        Claims claims = claims(c, 0);
        for (int i = 0; i < N; i++) {
            claims.addHolder(NodeId.of("a"), c.id(i));
            claims.addHolder(NodeId.of("b"), c.id(i));
        }
        Job first = claims.claim(NodeId.of("a"), 3_000, 1000);
        claims.release(first);
        assertThat(claims.claim(NodeId.of("b"), 3_000, 1000).ids()).isEqualTo(first.ids());
        claims.dropNode(NodeId.of("a"));
        assertThat(claims.claim(NodeId.of("a"), 3_000, 1000)).isNull();
        assertThat(claims.unheld()).isZero();
        claims.dropNode(NodeId.of("b"));
        assertThat(claims.unheld()).isEqualTo(claims.remaining());
    }

    /**
     * A delivery once took at most 64 peers, first come first served: 64 holders at a dead port named
     * before the real one left it no room ("9913 of 11513 chunks not available"). Every holder counts.
     */
    @Test
    void moreThan64Holders_theOneAfterThemStillGetsWork_andRarityCountsOnlyLiveHolders() {
        ChunkList c = chunks();
        Claims claims = claims(c, 0);
        for (int n = 0; n < 200; n++) {
            for (int i = 0; i < N; i++) {
                claims.addTargetHolder(NodeId.of("dead" + n), i);
            }
        }
        for (int i = 0; i < N; i++) {
            claims.addTargetHolder(NodeId.of("real"), i);
        }
        assertThat(claims.nodesWithWork()).hasSize(201).contains(NodeId.of("real"));
        for (int n = 0; n < 200; n++) {
            claims.dropNode(NodeId.of("dead" + n)); // each failed its first request
        }
        assertThat(claims.nodesWithWork()).containsExactly(NodeId.of("real"));
        assertThat(claims.unheld()).isZero();
        Set<ChunkId> got = new HashSet<>();
        Job job;
        while ((job = claims.claim(NodeId.of("real"), 10_000, 1000)) != null) {
            assertThat(job.isPick()).isTrue();
            job.ids().forEach(id -> {
                got.add(id);
                claims.complete(id);
            });
        }
        assertThat(got).hasSize(N);
        assertThat(claims.finished()).isTrue();
    }

    @Test
    void aDroppedHolderNoLongerMakesAChunkLessRare() {
        ChunkList c = chunks();
        Claims claims = claims(c, 0);
        for (int i = 0; i < N; i++) {
            claims.addHolder(NodeId.of("seed"), c.id(i));
        }
        for (int i = 0; i < 50; i++) {
            claims.addHolder(NodeId.of("peer"), c.id(i));
            claims.addHolder(NodeId.of("gone"), c.id(i));
        }
        claims.dropNode(NodeId.of("gone"));
        claims.dropHolder(NodeId.of("peer"), c.id(0));
        // chunk 0 is now held by the seed alone: as rare as the second half, and first in order
        assertThat(claims.claim(NodeId.of("seed"), 1_000, 1000).ids()).containsExactly(c.id(0));
    }

    private static java.util.List<ChunkId> ids(ChunkList c, int from, int to) {
        java.util.List<ChunkId> out = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(c.id(i));
        }
        return out;
    }

    @Test
    void theEndgameAsksALaggingRequestsChunksOfOneMorePeer_andTheFirstCopyWins() {
        ChunkList c = chunks();
        Claims claims = claims(c, 0);
        NodeId slow = NodeId.of("slow");
        NodeId fast = NodeId.of("fast");
        NodeId third = NodeId.of("third");
        for (int i = 0; i < N; i++) {
            claims.addHolder(slow, c.id(i));
            claims.addHolder(third, c.id(i));
            claims.addTargetHolder(fast, i);
        }
        Job lagging = claims.claim(slow, 10_000, 1000);
        assertThat(claims.duplicate(slow, lagging)).as("never of the same peer").isNull();
        Job twice = claims.duplicate(fast, lagging);
        assertThat(twice.ids()).containsExactlyElementsOf(lagging.ids());
        assertThat(twice.isPick()).as("the fast peer holds them as part of the target").isTrue();
        assertThat(twice.indices()).isSorted();
        assertThat(claims.duplicate(third, lagging)).as("asked of two peers at most").isNull();

        claims.complete(lagging.ids().get(0));
        assertThat(claims.allDone(lagging)).isFalse();
        claims.release(twice); // the second ask failed: the chunks stay with the first request
        assertThat(claims.claim(third, 10_000, 1000).ids()).doesNotContainAnyElementsOf(lagging.ids());
        lagging.ids().forEach(id -> claims.complete(id));
        assertThat(claims.allDone(lagging)).isTrue();
        assertThat(claims.isDone(lagging.ids().get(3))).isTrue();
    }

    @Test
    void aChunkReleasedByBothItsRequestsIsPendingAgain() {
        ChunkList c = chunks();
        Claims claims = claims(c, 0);
        NodeId a = NodeId.of("a");
        NodeId b = NodeId.of("b");
        for (int i = 0; i < N; i++) {
            claims.addHolder(a, c.id(i));
            claims.addHolder(b, c.id(i));
        }
        Job first = claims.claim(a, 3000, 1000);
        Job second = claims.duplicate(b, first);
        claims.release(first);
        claims.release(second);
        assertThat(claims.claim(b, 3000, 1000).ids()).containsExactlyElementsOf(first.ids());
    }
}
