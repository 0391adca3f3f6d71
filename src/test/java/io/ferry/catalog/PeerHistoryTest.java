package io.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Moving averages that follow a changed link within a few deliveries, and a lie that is never forgotten. */
class PeerHistoryTest {
    @Test
    void theFirstDeliverySetsTheRate_laterOnesMoveItByAQuarter() {
        PeerHistory h = PeerHistory.NONE.delivered(100_000_000, 8, 0.002); // 100 Mbit/s
        assertThat(h.bytesPerSecond()).isEqualTo(12.5e6);
        assertThat(h.describe()).isEqualTo("100 Mbit/s measured over 1 delivery, 2 ms to a first byte");
        h = h.delivered(50_000_000, 8, 0.002); // 50 Mbit/s once
        assertThat(h.bytesPerSecond() * 8 / 1e6).isCloseTo(87.5, within(0.01));
        for (int i = 0; i < 10; i++) {
            h = h.delivered(25_000_000, 8, 0.010); // the link fell to 25 Mbit/s
        }
        // each delivery takes a quarter of the gap: after ten, 6% of the 62.5 Mbit/s gap is left
        assertThat(h.bytesPerSecond() * 8 / 1e6).isCloseTo(25 + 62.5 * Math.pow(0.75, 10), within(0.01)).isLessThan(29);
        assertThat(h.latencySeconds()).isCloseTo(0.010, within(0.001));
        assertThat(h.deliveries()).isEqualTo(12);
    }

    @Test
    void nothingMeasured_changesNothing_andErrorsAndLiesAreCounted() {
        assertThat(PeerHistory.NONE.delivered(0, 1, 0)).isEqualTo(PeerHistory.NONE);
        assertThat(PeerHistory.NONE.delivered(10, 0, 0)).isEqualTo(PeerHistory.NONE);
        assertThat(PeerHistory.NONE.describe()).isEqualTo("not measured yet");
        PeerHistory h = PeerHistory.NONE.delivered(1_000_000, 1, 0.001).failed().failed();
        assertThat(h.errors()).isEqualTo(2);
        assertThat(h.lied()).isFalse();
        PeerHistory liar = h.corrupted().delivered(1_000_000, 1, 0.001);
        assertThat(liar.lied()).as("a lie is not forgotten by later deliveries").isTrue();
        assertThat(liar.describe()).endsWith("2 errors, sent corrupt chunks");
    }
}
