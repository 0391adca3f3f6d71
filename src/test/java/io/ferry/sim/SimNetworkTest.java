package io.ferry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The simulated network itself: latency within bounds, the verified caller, partitions, loss, down and restarted hosts. */
class SimNetworkTest {
    private final EventLoop loop = new EventLoop();
    private final SimNetwork<String> net = new SimNetwork<>(loop, new Random(3), String::length, 10, 5, 9);
    private final List<String> heard = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();

    SimNetworkTest() {
        for (String h : List.of("a:1", "b:1")) {
            net.attach(h, NodeId.of(h.substring(0, 1)), (now, from, m, reply) -> {
                heard.add(now + " " + from.value() + " " + m);
                reply.accept("re " + m);
            });
        }
    }

    @Test
    void aCall_arrivesAfterTheLatency_fromTheVerifiedCaller_andItsAnswerComesBack() {
        net.call("a:1", "b:1", "hi", answers::add);
        loop.runUntil(100);
        assertThat(heard).singleElement().satisfies(h -> {
            long at = Long.parseLong(h.split(" ")[0]);
            assertThat(at).isBetween(5L, 9L);
            assertThat(h).endsWith(" a hi");
        });
        assertThat(answers).containsExactly("re hi");
        assertThat(net.bytes()).isEqualTo(2 + 10 + 5 + 10);
        assertThat(net.messages()).isEqualTo(2);
    }

    @Test
    void partitions_downHosts_andRestarts_loseWhatTheyShould() {
        net.side("b:1", 1);
        net.call("a:1", "b:1", "x", answers::add);
        loop.runUntil(100);
        assertThat(heard).isEmpty();
        net.side("b:1", 0);
        net.call("a:1", "b:1", "y", answers::add);
        net.attach("a:1", NodeId.of("a"), (now, from, m, reply) -> { }); // a restarts before the answer comes
        loop.runUntil(200);
        assertThat(heard).hasSize(1);
        assertThat(answers).as("an answer to a past life is lost").isEmpty();
        net.down("b:1");
        net.call("a:1", "b:1", "z", answers::add);
        loop.runUntil(300);
        assertThat(heard).hasSize(1);
    }

    @Test
    void loss_dropsAboutThatShare() {
        net.loss(0.5);
        for (int i = 0; i < 1000; i++) {
            net.call("a:1", "b:1", "m", answers::add);
        }
        loop.runUntil(1000);
        assertThat(heard.size()).isBetween(400, 600);
        assertThat(answers.size()).isBetween(150, 350);
    }
}
