package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BadRequestsTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> lines = new ArrayList<>();
    private final BadRequests bad = new BadRequests(clock, lines::add);

    @Test
    void oneLinePerOffenderPerMinute_countingTheRest() {
        for (int i = 0; i < 50; i++) {
            bad.report("/10.0.0.5:" + (40000 + i), "POST /v1/pick/x", "a pick request ends inside a number");
        }
        assertThat(lines).containsExactly("bad request from 10.0.0.5: POST /v1/pick/x: a pick request ends inside a number");
        clock.advance(Duration.ofSeconds(59));
        bad.report("/10.0.0.5:1", "POST /v1/batch", "twice");
        assertThat(lines).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        bad.report("/10.0.0.5:1", "POST /v1/batch", "twice");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).endsWith("(and 50 more from it since its last warning)");
    }

    @Test
    void eachOffenderIsNamed() {
        bad.report("/10.0.0.5:1", "POST /api/rm", "x");
        bad.report("/10.0.0.6:1", "POST /api/rm", "x");
        bad.report("/0:0:0:0:0:0:0:1:7", "POST /api/rm", "x");
        assertThat(lines).extracting(l -> l.substring(0, l.indexOf(": POST")))
                .containsExactly("bad request from 10.0.0.5", "bad request from 10.0.0.6", "bad request from 0:0:0:0:0:0:0:1");
    }

    /** An attacker with many addresses fills neither memory nor the log. */
    @Test
    void manyOffenders_boundedMemoryAndLines() {
        for (int i = 0; i < 5 * BadRequests.HOSTS; i++) {
            bad.report("/10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255) + ":1", "GET /", "bad");
        }
        assertThat(bad.remembered()).isLessThanOrEqualTo(BadRequests.HOSTS);
        assertThat(lines).hasSize(BadRequests.LINES);
        clock.advance(BadRequests.QUIET);
        bad.report("/192.168.0.1:1", "GET /", "bad");
        assertThat(lines.get(BadRequests.LINES)).isEqualTo((5 * BadRequests.HOSTS - BadRequests.LINES)
                + " more bad requests were not logged (over " + BadRequests.LINES + " warnings a minute)");
        assertThat(lines).hasSize(BadRequests.LINES + 2);
    }

    @Test
    void whatAPeerSentIsPrintedSafe() {
        bad.report("/10.0.0.5:1", "POST /api/rm\u001b[2J", "invalid image name 'x\u001b]0;pwned\u0007\nforged line'");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\u001b", "\u0007", "\n")
                .contains("\\x1b[2J", "x\\x1b]0;pwned\\x07\\x0aforged line");
    }
}
