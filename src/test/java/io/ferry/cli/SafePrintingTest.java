package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.InspectView;
import io.ferry.api.PeerView;
import io.ferry.api.TableView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Node ids, addresses and names that peers (or a remote node) send are printed with their control
 * characters shown, never obeyed: a peer named {@code "\e[2J"} must not clear the operator's screen.
 */
class SafePrintingTest {
    private static final String EVIL = "n\u001b[2J\u001b]0;owned\u0007\r";

    private static String printed(Consumer<PrintWriter> print) {
        StringWriter s = new StringWriter();
        try (PrintWriter out = new PrintWriter(s)) {
            print.accept(out);
        }
        return s.toString();
    }

    private static void assertSafe(String out) {
        assertThat(out).doesNotContain("\u001b", "\u0007", "\r").contains("n\\x1b[2J\\x1b]0;owned\\x07\\x0d");
    }

    @Test
    void peers() {
        assertSafe(printed(out -> new PeersCommand().print(out, List.of(new PeerView(EVIL, EVIL, 1L, 2, 3L, true, EVIL, "alive", 5L)))));
    }

    @Test
    void table() {
        TableCommand t = new TableCommand();
        assertSafe(printed(out -> t.print(out, new TableView(EVIL, List.of(
                new TableView.ImageRow(EVIL, EVIL + "ab".repeat(32), 1, List.of(EVIL), 1, 1, 1, 1)), null, null, null, null))));
        t.image = "v2";
        assertSafe(printed(out -> t.print(out, new TableView(EVIL, null, "v2", EVIL, List.of(
                new TableView.NodeRow(EVIL, EVIL, EVIL, 1, 1, 1, true, true)), List.of(
                new TableView.ChunkRow(0, 0, 1, "ab".repeat(32), false, List.of(EVIL)))))));
    }

    @Test
    void inspect() {
        assertSafe(printed(out -> new InspectCommand().print(out, new InspectView(EVIL, 1, EVIL, EVIL, 1,
                new InspectView.Chunker(EVIL, 1, 2, 3), 1, 0, 0, null, "seed", EVIL))));
    }

    @Test
    void errors() {
        assertThat(Errors.describe(new java.io.IOException("peer " + EVIL + " answered 400")))
                .doesNotContain("\u001b", "\u0007", "\r");
    }
}
