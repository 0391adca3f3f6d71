package io.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.trust.NodeId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerHistoriesTest {
    @TempDir
    Path tmp;

    @Test
    void historySurvivesReopening_keyedByNode() throws Exception {
        Path file = tmp.resolve("peers.db");
        PeerHistory h = PeerHistory.NONE.delivered(10_000_000, 1.0, 0.002).delivered(20_000_000, 1.0, 0.004).failed();
        try (PeerHistories histories = PeerHistories.open(file)) {
            histories.put(NodeId.of("a"), h);
            histories.put(NodeId.of("b"), PeerHistory.NONE.corrupted());
        }
        try (PeerHistories histories = PeerHistories.open(file)) {
            assertThat(histories.all()).hasSize(2).containsEntry(NodeId.of("a"), h);
            assertThat(histories.all().get(NodeId.of("b")).lied()).isTrue();
            histories.put(NodeId.of("a"), h.delivered(1_000_000, 1.0, 0.002));
            assertThat(histories.all().get(NodeId.of("a")).deliveries()).isEqualTo(3);
        }
    }

    @Test
    void anUnreadableFileIsMovedAside_andTheHistoryStartsEmpty() throws Exception {
        Path file = tmp.resolve("peers.db");
        Files.write(file, "this is not a database, and it is long enough to be read as a header".repeat(100).getBytes());
        try (PeerHistories histories = PeerHistories.open(file)) {
            assertThat(histories.all()).isEmpty();
            histories.put(NodeId.of("a"), PeerHistory.NONE.failed());
        }
        try (var aside = Files.list(tmp)) {
            assertThat(aside.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("peers.db.damaged-"));
        }
    }
}
