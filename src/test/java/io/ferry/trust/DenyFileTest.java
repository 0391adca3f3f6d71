package io.ferry.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.testing.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenyFileTest {
    static final String FP = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path tmp;
    final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

    static Identity id(String node, String fingerprint) {
        return new Identity(NodeId.of(node), null, Role.NODE, fingerprint, true);
    }

    /** Writes {@code text} with a modification time of its own, so a change is seen whatever the disk's clock. */
    static void write(Path file, String text, int version) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version)));
    }

    @Test
    void parse_idsAndFingerprintsInAnyForm_commentsIgnored() throws Exception {
        String colons = FP.toUpperCase().replaceAll("(..)(?!$)", "$1:");
        DenyFile.Entries e = DenyFile.parse("deny.txt", List.of("# stolen laptop", "", "  node-7  # gone",
                colons, "\t" + FP.substring(0, 60) + "ABCD", "b.c_d"));
        assertThat(e.nodes()).containsExactlyInAnyOrder(NodeId.of("node-7"), NodeId.of("b.c_d"),
                NodeId.of(FP.substring(0, 60) + "ABCD"));
        assertThat(e.fingerprints()).containsExactlyInAnyOrder(FP, FP.substring(0, 60) + "abcd");
    }

    @Test
    void parse_badLines_rejectedWithFileAndLine() {
        for (String bad : List.of("two words", "-x", "ab:cd", FP + ":00", "a/b")) {
            assertThatThrownBy(() -> DenyFile.parse("deny.txt", List.of("# ok", "n1", bad)))
                    .as(bad).isInstanceOf(MalformedLineException.class).hasMessageStartingWith("deny.txt:3: ");
        }
    }

    @Test
    void denies_byNodeIdOrFingerprint() throws Exception {
        Path file = tmp.resolve("deny.txt");
        write(file, "node-7\n" + FP.toUpperCase() + "\n", 1);
        DenyFile deny = DenyFile.open(file, clock);
        assertThat(deny.denies(id("node-7", "00"))).isTrue();
        assertThat(deny.denies(id("node-8", FP))).isTrue();
        assertThat(deny.denies(id("node-8", "00"))).isFalse();
        assertThat(deny.denies(Identity.unverified())).isFalse();
    }

    @Test
    void open_missingOrMalformed_isAnIoException() throws Exception {
        assertThatThrownBy(() -> DenyFile.open(tmp.resolve("nope.txt"), clock)).isInstanceOf(NoSuchFileException.class);
        Path bad = tmp.resolve("bad.txt");
        write(bad, "ok\nnot ok\n", 1);
        assertThatThrownBy(() -> DenyFile.open(bad, clock)).isInstanceOf(MalformedLineException.class)
                .hasMessage("bad.txt:2: 'not ok' is neither a node id nor a certificate fingerprint (64 hex digits, "
                        + "colons allowed); one entry per line");
    }

    @Test
    void denies_fileChanged_readAgainAtMostOncePerSecond() throws Exception {
        Path file = tmp.resolve("deny.txt");
        write(file, "a\n", 1);
        DenyFile deny = DenyFile.open(file, clock);
        assertThat(deny.denies(id("b", "00"))).isFalse();

        write(file, "a\nb\n", 2);
        clock.advance(Duration.ofMillis(900));
        assertThat(deny.denies(id("b", "00"))).as("not looked at yet").isFalse();
        clock.advance(Duration.ofMillis(100));
        assertThat(deny.denies(id("b", "00"))).isTrue();
        assertThat(deny.denies(id("a", "00"))).isTrue();

        write(file, "b\n", 3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(deny.denies(id("a", "00"))).isFalse();
    }

    @Test
    void denies_fileBecomesUnreadableOrMalformed_lastGoodListStays() throws Exception {
        Path file = tmp.resolve("deny.txt");
        write(file, "a\n", 1);
        DenyFile deny = DenyFile.open(file, clock);

        write(file, "a\nthis is no entry\n", 2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(deny.denies(id("a", "00"))).isTrue();
        Files.delete(file);
        clock.advance(Duration.ofSeconds(1));
        assertThat(deny.denies(id("a", "00"))).isTrue();

        write(file, "c\n", 3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(deny.denies(id("a", "00"))).isFalse();
        assertThat(deny.denies(id("c", "00"))).isTrue();
    }
}
