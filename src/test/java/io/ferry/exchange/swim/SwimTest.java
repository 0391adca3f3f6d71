package io.ferry.exchange.swim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * One {@link Swim} driven by hand over a wire that records calls and answers nothing unless told: forged
 * senders refused, refutation, the dynamic suspicion timeout, gone members never probed, a return.
 */
class SwimTest {
    private record Call(NodeId to, String address, SwimMessage m, Consumer<SwimMessage> onReply) {
    }

    private final List<Call> calls = new ArrayList<>();
    /** Whether every member answers at once, as a well one would (its updates aside). */
    private boolean answer;
    private final NodeId me = NodeId.of("me");
    private final Swim swim = new Swim(me, "10.0.0.1:7420", 5, SwimConfig.lan(), new Random(1), this::call);

    private void call(NodeId to, String address, SwimMessage m, Consumer<SwimMessage> onReply) {
        calls.add(new Call(to, address, m, onReply));
        if (answer && to != null) {
            SwimMessage.Sender s = new SwimMessage.Sender(to, address, 1);
            if (m instanceof SwimMessage.Ping p) {
                onReply.accept(new SwimMessage.Ack(s, p.seq(), List.of()));
            } else if (m instanceof SwimMessage.PingReq p) {
                onReply.accept(new SwimMessage.Ack(s, p.seq(), List.of()));
            } else if (m instanceof SwimMessage.Sync) {
                onReply.accept(new SwimMessage.Sync(s, List.of()));
            } else {
                onReply.accept(new SwimMessage.Ack(s, 0, List.of()));
            }
        }
    }

    private static NodeId id(int i) {
        return NodeId.of("n" + i);
    }

    private static SwimMessage.Sender sender(int i, long incarnation) {
        return new SwimMessage.Sender(id(i), "10.0.1." + i + ":7420", incarnation);
    }

    private static Update update(int i, long incarnation, MemberState state, NodeId by) {
        return new Update(id(i), "10.0.1." + i + ":7420", incarnation, state, by);
    }

    /** Members 1..n alive at incarnation 1, learnt from a sync by member 1. */
    private void knows(int n) {
        List<Update> all = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            all.add(update(i, 1, MemberState.ALIVE, null));
        }
        List<SwimMessage> replies = new ArrayList<>();
        swim.onRequest(0, id(1), new SwimMessage.Sync(sender(1, 1), all), replies::add);
        assertThat(replies).hasSize(1);
        assertThat(swim.count(MemberState.ALIVE)).isEqualTo(n);
    }

    @Test
    void aMessageNamingAnotherSender_isRefusedUnanswered_andCounted() {
        knows(3);
        List<SwimMessage> replies = new ArrayList<>();
        // n2, verified by the transport, claims to be n3 and says n1 left
        swim.onRequest(10, id(2), new SwimMessage.Gossip(sender(3, 1), List.of(update(1, 9, MemberState.LEFT, null))),
                replies::add);
        assertThat(replies).isEmpty();
        assertThat(swim.counters().refused()).isEqualTo(1);
        assertThat(swim.status(id(1)).state()).isEqualTo(MemberState.ALIVE);
    }

    @Test
    void aReplyFromSomeoneOtherThanTheCallee_isRefused() {
        knows(3);
        swim.tick(0);
        Call ping = calls.stream().filter(c -> c.m() instanceof SwimMessage.Ping).findFirst().orElseThrow();
        NodeId other = ping.to().equals(id(2)) ? id(3) : id(2);
        int i = Integer.parseInt(other.value().substring(1));
        ping.onReply().accept(new SwimMessage.Ack(sender(i, 1), ((SwimMessage.Ping) ping.m()).seq(), List.of()));
        assertThat(swim.counters().refused()).isEqualTo(1);
    }

    @Test
    void hearingItselfSuspected_refutesWithAHigherIncarnation() {
        knows(3);
        swim.onRequest(10, id(2), new SwimMessage.Gossip(sender(2, 1), List.of(new Update(me, "10.0.0.1:7420", 5,
                MemberState.SUSPECT, id(2)))), r -> { });
        MemberStatus self = swim.members().get(0);
        assertThat(self.node()).isEqualTo(me);
        assertThat(self.incarnation()).isEqualTo(6);
        assertThat(self.state()).isEqualTo(MemberState.ALIVE);
        List<SwimMessage> replies = new ArrayList<>();
        swim.onRequest(20, id(3), new SwimMessage.Ping(sender(3, 1), 7, me, List.of()), replies::add);
        assertThat(replies).singleElement().satisfies(r -> {
            assertThat(r.from().incarnation()).isEqualTo(6);
            assertThat(r.updates()).contains(new Update(me, "10.0.0.1:7420", 6, MemberState.ALIVE, null));
        });
        swim.tick(30);
        assertThat(swim.localHealth()).as("Lifeguard: having to refute hints this node is slow").isPositive();
    }

    @Test
    void aSuspicion_withoutConfirmations_lastsTheMaximum_withKConfirmations_theMinimum() {
        answer = true; // only the suspicions told count, not this node's own probes
        knows(8); // N = 9: minimum 4 s (4·max(1, log10 9) periods), maximum 6 × that
        swim.onRequest(1_000, id(1), new SwimMessage.Gossip(sender(1, 1), List.of(update(7, 1, MemberState.SUSPECT, id(1)))), r -> { });
        swim.onRequest(1_000, id(1), new SwimMessage.Gossip(sender(1, 1), List.of(update(8, 1, MemberState.SUSPECT, id(1)))), r -> { });
        for (int by = 2; by <= 4; by++) { // three others confirm n8
            swim.onRequest(1_500, id(by), new SwimMessage.Gossip(sender(by, 1), List.of(update(8, 1, MemberState.SUSPECT, id(by)))), r -> { });
        }
        swim.tick(4_999);
        assertThat(swim.status(id(8)).state()).isEqualTo(MemberState.SUSPECT);
        swim.tick(5_000);
        assertThat(swim.status(id(8)).state()).as("K confirmations: the minimum").isEqualTo(MemberState.DEAD);
        assertThat(swim.status(id(7)).state()).isEqualTo(MemberState.SUSPECT);
        swim.tick(24_999);
        assertThat(swim.status(id(7)).state()).isEqualTo(MemberState.SUSPECT);
        swim.tick(25_000);
        assertThat(swim.status(id(7)).state()).as("no confirmation: the maximum").isEqualTo(MemberState.DEAD);
    }

    @Test
    void deadAndLeftMembers_areNeverProbed_andADeadOneWithAHigherIncarnationIsAliveAgain() {
        knows(3);
        swim.onRequest(10, id(1), new SwimMessage.Gossip(sender(1, 1), List.of(update(2, 1, MemberState.DEAD, null),
                update(3, 2, MemberState.LEFT, null))), r -> { });
        calls.clear();
        for (long t = 20; t < 60_000; t += 50) {
            swim.tick(t);
        }
        assertThat(calls).noneMatch(c -> c.m() instanceof SwimMessage.Ping && !id(1).equals(c.to()));
        assertThat(calls).noneMatch(c -> id(3).equals(c.to()));
        swim.onRequest(60_000, id(2), new SwimMessage.Ping(sender(2, 2), 1, me, List.of()), r -> { });
        assertThat(swim.status(id(2)).state()).as("a returning member, first-hand").isEqualTo(MemberState.ALIVE);
        assertThat(swim.status(id(3)).state()).isEqualTo(MemberState.LEFT);
    }

    @Test
    void aSuspicionOfARefutedIncarnation_isAnsweredWithTheNewerNews_straightToItsAuthor() {
        knows(3);
        swim.onRequest(10, id(1), new SwimMessage.Gossip(sender(1, 1), List.of(update(3, 4, MemberState.ALIVE, null))), r -> { });
        calls.clear();
        swim.onRequest(20, id(2), new SwimMessage.Gossip(sender(2, 1), List.of(update(3, 3, MemberState.SUSPECT, id(2)))), r -> { });
        assertThat(swim.status(id(3)).state()).isEqualTo(MemberState.ALIVE);
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.to()).isEqualTo(id(2));
            assertThat(c.m().updates()).containsExactly(update(3, 4, MemberState.ALIVE, null));
        });
    }

    @Test
    void leaving_tellsSomeMembersAtOnce_andThenAnswersNothing() {
        knows(3);
        calls.clear();
        swim.leave(100);
        assertThat(calls).hasSize(3).allSatisfy(c -> assertThat(c.m().updates())
                .contains(new Update(me, "10.0.0.1:7420", 6, MemberState.LEFT, null)));
        List<SwimMessage> replies = new ArrayList<>();
        swim.onRequest(200, id(1), new SwimMessage.Ping(sender(1, 1), 3, me, List.of()), replies::add);
        assertThat(replies).isEmpty();
    }

    @Test
    void counters_chargeTheEncodedSizeOfWhatWasSent() {
        knows(3);
        swim.tick(0);
        long bytes = calls.stream().mapToLong(c -> SwimCodec.encode(c.m()).length).sum();
        assertThat(swim.counters().totalBytes() - SwimCodec.encode(new SwimMessage.Sync(sender(0, 5), List.of())).length)
                .isGreaterThan(0);
        assertThat(swim.counters().bytes().get("Ping")).isEqualTo(calls.stream()
                .filter(c -> c.m() instanceof SwimMessage.Ping).mapToLong(c -> SwimCodec.encode(c.m()).length).sum());
        assertThat(bytes).isPositive();
    }
}
