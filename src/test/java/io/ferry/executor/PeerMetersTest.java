package io.ferry.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.trust.NodeId;
import org.junit.jupiter.api.Test;

/** What the executor believes of a peer's rate. */
class PeerMetersTest {
    private final NodeId peer = NodeId.of("peer");

    @Test
    void twoRequestsEndingInTheSameMillisecondMakeNoInfiniteRate() {
        PeerMeters m = new PeerMeters();
        // two requests of 1 MiB started together and ended together after 100 ms: 2 MiB in 100 ms of busy time
        double first = m.ended(peer, 0, 100, 1 << 20);
        double second = m.ended(peer, 0, 100, 2 << 20);
        assertThat(first).isEqualTo((1 << 20) * 10.0);
        assertThat(second).as("the second's bytes wait for the next sample").isEqualTo(first);
        double third = m.ended(peer, 100, 200, 3 << 20);
        assertThat(third).isFinite().isGreaterThan(first);
        assertThat(m.seconds().get(peer)).isEqualTo(0.2);
    }

    @Test
    void busyTimeIsTheUnionOfTheRequestsSpans() {
        PeerMeters m = new PeerMeters();
        m.ended(peer, 0, 1000, 1_000_000);
        m.ended(peer, 500, 2000, 2_000_000); // overlapped the first: only its last second counts
        assertThat(m.bytesPerMs(peer)).isEqualTo(1000.0);
        assertThat(m.seconds().get(peer)).isEqualTo(2.0);
    }

    @Test
    void aRequestTooShortForASample_countsItsTimeWithItsBytes_evenAfterAGap() {
        PeerMeters m = new PeerMeters();
        m.ended(peer, 0, 1000, 1_000_000);
        m.ended(peer, 1000, 1150, 1_100_000); // 150 ms and 100 kB: too little to say a rate alone
        double rate = m.ended(peer, 3000, 4000, 2_100_000); // nothing in flight from 1150 to 3000
        assertThat(m.seconds().get(peer)).as("busy: every request's span, the short one's too").isEqualTo(2.15);
        // the sample is 1.1 MB over 1.15 s of busy time, not over the last request's second alone
        assertThat(rate).isCloseTo(1e6 + (1.1e6 / 1.15 - 1e6) / 3, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void latencyIsTheMedianTimeToTheFirstByte() {
        PeerMeters m = new PeerMeters();
        for (long ms : new long[] {4, 90, 5, 6, 3}) { // one request queued behind the other in flight
            m.firstByte(peer, ms);
        }
        assertThat(m.latencies().get(peer)).isEqualTo(0.005);
    }
}
