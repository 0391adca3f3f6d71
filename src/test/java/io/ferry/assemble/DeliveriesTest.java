package io.ferry.assemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.manifest.ManifestId;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
        CountDownLatch asked = new CountDownLatch(1);
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            asked.countDown();
            try (Deliveries.Held t = d.fetchTurn(id)) {
                assertThat(t.waited()).isTrue();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(asked.await(1, TimeUnit.MINUTES)).isTrue();
        assertThat(second).as("waits while the first holds the turn").isNotDone();
        first.close();
        second.get(1, TimeUnit.MINUTES);
        assertThat(d.fetching(id)).isFalse();
    }
}
