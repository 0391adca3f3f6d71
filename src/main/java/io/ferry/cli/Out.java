package io.ferry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Locale;

/** Out formats what verbs print: sizes for people, JSON for scripts. */
final class Out {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Out() {
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** 1536 → "1.5 KiB". */
    static String bytes(long n) {
        double v = n;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    static String rate(long bytes, double seconds) {
        return seconds <= 0 ? "-" : String.format(Locale.ROOT, "%.0f MB/s", bytes / seconds / 1e6);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }
}
