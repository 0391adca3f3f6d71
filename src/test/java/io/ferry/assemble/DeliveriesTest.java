package io.ferry.assemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.manifest.ManifestId;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveriesTest {
    private final Deliveries d = new Deliveries();

    @Test
    void claim_samePathTwice_secondRefusedUntilTheFirstIsReleased() throws Exception {
        Path p = Path.of("/tmp/x/../x/out.img");
        Deliveries.Held first = d.claim(p);
        assertThatThrownBy(() -> d.claim(Path.of("/tmp/x/out.img"))).isInstanceOf(OutputBusyException.class)
                .hasMessageStartingWith("another delivery is writing /tmp/x/out.img (its partial file .out.img.ferry-part");
        first.close();
        d.claim(p).close();
    }

    @Test
    void fetchTurn_secondWaitsForTheFirst_andTheRegisterEmptiesAfterwards() throws Exception {
        ManifestId id = ManifestId.of(new byte[32]);
        Deliveries.Held first = d.fetchTurn(id);
        assertThat(first.waited()).isFalse();
        CompletableFuture<Boolean> secondWaited = new CompletableFuture<>();
        Thread second = new Thread(() -> {
            try (Deliveries.Held t = d.fetchTurn(id)) {
                secondWaited.complete(t.waited());
            } catch (java.io.IOException | RuntimeException e) {
                secondWaited.completeExceptionally(e);
            }
        });
        second.start();
        // the second delivery is parked on the turn: an event, not a guess at how long a thread takes to start
        org.awaitility.Awaitility.await("the second waits for the turn").atMost(java.time.Duration.ofMinutes(1))
                .until(() -> second.getState() == Thread.State.WAITING);
        assertThat(secondWaited).as("waits while the first holds the turn").isNotDone();
        first.close();
        assertThat(secondWaited.get(1, TimeUnit.MINUTES)).as("it knows it waited").isTrue();
        second.join();
        assertThat(d.fetching(id)).isFalse();
    }
}
