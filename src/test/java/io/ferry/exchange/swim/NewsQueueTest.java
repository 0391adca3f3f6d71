package io.ferry.exchange.swim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.trust.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Least-sent first, oldest first among equals, dropped at the limit, replaced by newer news. */
class NewsQueueTest {
    private static Update alive(String node, long incarnation) {
        return new Update(NodeId.of(node), "10.0.0.1:7420", incarnation, MemberState.ALIVE, null);
    }

    private static List<String> nodes(List<Update> updates) {
        return updates.stream().map(u -> u.node().value()).toList();
    }

    @Test
    void leastSentFirst_oldestAmongEquals_droppedAtTheLimit() {
        NewsQueue q = new NewsQueue();
        q.put(alive("a", 1));
        q.put(alive("b", 1));
        q.put(alive("c", 1));
        assertThat(nodes(q.take(2, 3))).containsExactly("a", "b");
        assertThat(nodes(q.take(2, 3))).as("c was sent least").containsExactly("c", "a");
        assertThat(nodes(q.take(2, 3))).containsExactly("b", "c");
        assertThat(nodes(q.take(5, 3))).as("each sent three times at most").containsExactly("a", "b", "c");
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.take(5, 3)).isEmpty();
    }

    @Test
    void newerNews_replacesTheOld_andStartsUnsent() {
        NewsQueue q = new NewsQueue();
        q.put(alive("a", 1));
        q.put(alive("b", 1));
        q.take(2, 10);
        q.put(alive("a", 2));
        assertThat(q.take(1, 10)).containsExactly(alive("a", 2));
        assertThat(q.contains(NodeId.of("a"))).isTrue();
        q.remove(NodeId.of("a"));
        assertThat(q.contains(NodeId.of("a"))).isFalse();
        assertThat(nodes(q.take(5, 10))).containsExactly("b");
    }
}
