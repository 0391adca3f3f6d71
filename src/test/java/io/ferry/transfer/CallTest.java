package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The watch over a request's body: a floor on the rate, a deadline from the measured rate, a cancel flag. */
class CallTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-26T00:00:00Z"));
    private final LongAdder wire = new LongAdder();

    private static PeerException.Kind kind(Throwable t) {
        return ((PeerException) t).kind();
    }

    @Test
    void aTrickleLosesTheRequestAtTheEndOfAWindow() throws Exception {
        Call call = new Call(clock, 1 << 20, 0, wire);
        call.begin();
        for (int s = 0; s < 9; s++) {
            clock.advance(Duration.ofSeconds(1));
            call.read(1); // a byte a second: valid, and useless
        }
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> call.read(1)).isInstanceOf(PeerException.class).hasMessageContaining("too slow")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PeerException.Kind.SLOW));
        assertThat(wire.sum()).isEqualTo(10);
    }

    @Test
    void theArrivalRateRunsFromTheFirstByteToTheLast() throws Exception {
        Call call = new Call(clock, 1 << 20, 0, wire);
        call.begin();
        clock.advance(Duration.ofMillis(500)); // the peer thinking before its first byte is not the link's
        for (int i = 0; i < 11; i++) {
            call.read(100_000);
            clock.advance(Duration.ofMillis(100));
        }
        call.read(0);
        assertThat(call.arrivalRate()).as("1.1 MB from the first byte to the last, 1 s apart").isEqualTo(1_100_000L);
        Call tiny = new Call(clock, 1 << 20, 0, wire);
        tiny.begin();
        tiny.read(1000);
        clock.advance(Duration.ofMillis(100));
        tiny.read(1000);
        assertThat(tiny.arrivalRate()).as("too little to say").isEqualTo(-1);
    }

    @Test
    void aSlowButSteadyPeerWithNoMeasuredRateIsNotCutOff() throws Exception {
        Call call = new Call(clock, 64 << 20, 0, wire);
        call.begin();
        for (int s = 0; s < 120; s++) {
            clock.advance(Duration.ofSeconds(1));
            call.read(4 << 10); // 4 KiB/s, a quarter of a 2 Mbit/s link shared by eight
        }
        assertThat(wire.sum()).isEqualTo(120L * (4 << 10));
    }

    @Test
    void aPeerFarBehindItsMeasuredRateLosesTheRequest() throws Exception {
        // 1 MiB at a measured 1,000 bytes/ms should take ~1 s; 5 s of grace plus four times that is allowed
        Call call = new Call(clock, 1 << 20, 1000, wire);
        call.begin();
        clock.advance(Duration.ofMillis(9000));
        call.read(100_000);
        clock.advance(Duration.ofMillis(300));
        assertThatThrownBy(() -> call.read(100_000)).hasMessageContaining("well behind the rate it showed")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PeerException.Kind.LAGGING));
    }

    @Test
    void aCancelledRequestEndsAtItsNextReadAndBlamesNobody() throws Exception {
        Call call = new Call(clock, 1 << 20, 0, wire);
        call.read(10);
        call.cancel();
        assertThatThrownBy(() -> call.read(10)).isInstanceOf(PeerException.class)
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PeerException.Kind.CANCELLED));
    }
}
