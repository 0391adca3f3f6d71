package io.ferry.testing;

import net.jqwik.api.statistics.Statistics;

/**
 * Outcomes labels each fuzz case by how the decoder ended (accepted, or the gist of its refusal,
 * numbers and ids left out), so a fuzz run's report shows which checks the cases reached.
 */
public final class Outcomes {
    private Outcomes() {
    }

    public static void accepted() {
        Statistics.label("outcome").collect("accepted");
    }

    public static void refused(Exception e) {
        String m = io.ferry.util.Printable.safe(e.getMessage()).replaceAll("'[^']*'", "'...'").replaceAll("[0-9a-f]{16,}", "#").replaceAll("[0-9]+", "N");
        String[] words = m.split(" ");
        Statistics.label("outcome").collect("refused: " + String.join(" ", java.util.Arrays.copyOf(words,
                Math.min(words.length, 7))).replace("null", "").strip());
    }
}
