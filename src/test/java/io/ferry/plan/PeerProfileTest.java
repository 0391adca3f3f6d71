package io.ferry.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.catalog.PeerHistory;
import io.ferry.trust.NodeId;
import org.junit.jupiter.api.Test;

/** Where the rate the scheduler assumes of a peer comes from, and the reason the plan gives. */
class PeerProfileTest {
    private static final PeerHistory FOURTEEN = history(14, 92e6 / 8);

    private static PeerHistory history(int deliveries, double rate) {
        PeerHistory h = PeerHistory.NONE;
        for (int i = 0; i < deliveries; i++) {
            h = h.delivered((long) rate, 1.0, 0.003);
        }
        return h;
    }

    private static PeerProfile profile(Long bits, PeerHistory h, Priority p, String site, boolean remote) {
        return new PeerProfile(NodeId.of("p"), "p:1", site, remote, p, bits, h);
    }

    @Test
    void measuredNowBeatsHistoryBeatsConfiguredBeatsTheDefault() {
        assertThat(profile(null, PeerHistory.NONE, Priority.NORMAL, null, false).model(0).bytesPerSecond())
                .isEqualTo(PeerProfile.DEFAULT_BYTES_PER_SECOND);
        assertThat(profile(100_000_000L, PeerHistory.NONE, Priority.NORMAL, null, false).model(0).bytesPerSecond())
                .isEqualTo(12.5e6);
        assertThat(profile(100_000_000L, FOURTEEN, Priority.NORMAL, null, false).model(0).bytesPerSecond())
                .isCloseTo(11.5e6, org.assertj.core.data.Offset.offset(1.0));
        assertThat(profile(100_000_000L, FOURTEEN, Priority.NORMAL, null, false).model(5e6).bytesPerSecond()).isEqualTo(5e6);
    }

    @Test
    void theReasonSaysSiteConfigurationAndHistory() {
        String why = profile(100_000_000L, FOURTEEN, Priority.NORMAL, "rack1", false).model(0).basis();
        assertThat(why).isEqualTo("rack1, 100 Mbit/s configured, 92 Mbit/s measured over 14 deliveries, 3 ms to a first byte");
        assertThat(profile(null, PeerHistory.NONE, Priority.LAST_RESORT, "dc2", true).model(0).basis())
                .isEqualTo("dc2 (another site), last-resort, not measured yet (assumed 100 Mbit/s)");
    }

    @Test
    void aPeerThatLiedIsNeverPlanned_andNeverUsable() {
        PeerProfile liar = profile(null, FOURTEEN.corrupted(), Priority.PREFER, null, false);
        assertThat(liar.model(0).priority()).isEqualTo(Priority.NEVER);
        assertThat(liar.usable()).isFalse();
        assertThat(profile(null, PeerHistory.NONE, Priority.NEVER, null, false).usable()).isFalse();
        assertThat(profile(null, PeerHistory.NONE, Priority.LAST_RESORT, null, false).usable()).isTrue();
    }
}
