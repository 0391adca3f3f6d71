package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** The level follows how responses fared, timed by a clock the test moves: no real time is involved. */
class AdaptiveLevelTest {
    private final long[] now = {0};

    private AdaptiveLevel levels(int least, int greatest, java.util.function.DoubleSupplier load) {
        return new AdaptiveLevel(least, greatest, load, () -> now[0]);
    }

    /** A link on which every write takes {@code millisPerWrite}. */
    private OutputStream link(long millisPerWrite) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                now[0] += millisPerWrite * 1_000_000;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                now[0] += millisPerWrite * 1_000_000;
            }
        };
    }

    /** Sends 256 KiB in 64 KiB writes, spending {@code cpuMillis} "compressing" before each. */
    private void respond(AdaptiveLevel levels, String peer, long linkMillis, long cpuMillis) throws IOException {
        long t0 = now[0];
        AdaptiveLevel.Timed t = levels.timed(link(linkMillis));
        byte[] piece = new byte[64 << 10];
        for (int i = 0; i < 4; i++) {
            now[0] += cpuMillis * 1_000_000;
            t.write(piece, 0, piece.length);
        }
        levels.record(peer, t, now[0] - t0, arrival);
    }

    /** The rate the peer says the previous response reached it at; -1: a peer that says nothing. */
    private long arrival = -1;

    @Test
    void theLevelRisesWhileTheLinkIsTheBottleneckAndFallsWhenItIsNot() throws Exception {
        AdaptiveLevel levels = levels(3, 12, () -> 0.2);
        assertThat(levels.level("a")).isEqualTo(3);
        for (int i = 0; i < 10; i++) {
            respond(levels, "a", 20, 0);
        }
        assertThat(levels.level("a")).isEqualTo(12);
        assertThat(levels.level("b")).as("kept per peer").isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            respond(levels, "a", 0, 10);
        }
        assertThat(levels.level("a")).isEqualTo(9);
        for (int i = 0; i < 20; i++) {
            respond(levels, "a", 0, 5);
        }
        assertThat(levels.level("a")).isEqualTo(3);
    }

    @Test
    void aBusyMachineDoesNotMakeCompressionDearer() throws Exception {
        double[] load = {0.95};
        AdaptiveLevel levels = levels(3, 12, () -> load[0]);
        respond(levels, "a", 20, 0);
        assertThat(levels.level("a")).as("waiting on a busy machine").isEqualTo(3);
        load[0] = 0.1;
        respond(levels, "a", 20, 0);
        assertThat(levels.level("a")).isEqualTo(5);
        load[0] = 0.95;
        respond(levels, "a", 20, 0);
        assertThat(levels.level("a")).isEqualTo(4);
    }

    @Test
    void thePeersWordShowsALinkThatTheSocketBufferHid() throws Exception {
        AdaptiveLevel levels = levels(3, 9, () -> 0.2);
        // the buffer swallows every write (no waiting), 4 ms of compression per 64 KiB: 16 MB/s produced
        respond(levels, "a", 0, 4);
        assertThat(levels.level("a")).as("no word from the peer, no waiting: compression sets the pace").isEqualTo(3);
        arrival = 2_000_000; // the bytes reached the peer at 2 MB/s: the link held them back
        for (int i = 0; i < 10; i++) {
            respond(levels, "a", 0, 4);
        }
        assertThat(levels.level("a")).isEqualTo(9);
        arrival = 14_000_000; // they arrived about as fast as they were made: compression is the limit
        respond(levels, "a", 0, 4);
        assertThat(levels.level("a")).isEqualTo(8);
        arrival = 10_000_000; // in between: stay
        respond(levels, "a", 0, 4);
        assertThat(levels.level("a")).isEqualTo(8);
    }

    @Test
    void anArrivalRateIsReadOnlyWhenItMakesSense() {
        assertThat(RequestLimits.arrival(java.util.Map.of("arrival", java.util.List.of("12500000")))).isEqualTo(12_500_000);
        for (String bad : new String[] {"", "-5", "0", "1e9", "999999999999999", "12 ", "abc"}) {
            assertThat(RequestLimits.arrival(java.util.Map.of("arrival", java.util.List.of(bad)))).as(bad).isEqualTo(-1);
        }
        assertThat(RequestLimits.arrival(java.util.Map.of("arrival", java.util.List.of("5", "6")))).isEqualTo(-1);
        assertThat(RequestLimits.arrival(java.util.Map.of())).isEqualTo(-1);
    }

    @Test
    void aFixedLevelNeverMovesAndBadRangesAreRefused() throws Exception {
        AdaptiveLevel fixed = levels(5, 5, () -> 0.2);
        respond(fixed, "a", 20, 0);
        assertThat(fixed.level("a")).isEqualTo(5);
        assertThatThrownBy(() -> new AdaptiveLevel(9, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdaptiveLevel(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdaptiveLevel(3, 20)).isInstanceOf(IllegalArgumentException.class);
    }
}
