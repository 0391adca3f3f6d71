package io.ferry.plan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bandwidth as {@code tc} writes it: a number and a unit, {@code bit}, {@code kbit}, {@code mbit},
 * {@code gbit}, {@code tbit} in bits per second (decimal: 1 mbit = 1,000,000 bit/s), or {@code bps},
 * {@code kbps}, {@code mbps}, {@code gbps}, {@code tbps} in bytes per second, as tc reads them; a bare
 * number is bits per second. Case does not matter.
 */
public final class Bandwidth {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)([kmgt]?)(bit|bps)?");

    private Bandwidth() {
    }

    /** Bits per second in {@code text}; IllegalArgumentException naming the text when it is no bandwidth. */
    public static long bitsPerSecond(String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is no bandwidth: write it as tc does, e.g. 100mbit or 1gbit");
        }
        double n = Double.parseDouble(m.group(1));
        double scale = switch (m.group(2)) {
            case "k" -> 1e3;
            case "m" -> 1e6;
            case "g" -> 1e9;
            case "t" -> 1e12;
            default -> 1;
        };
        double bits = n * scale * ("bps".equals(m.group(3)) ? 8 : 1);
        if (bits < 1 || bits > 1e15) {
            throw new IllegalArgumentException("bandwidth '" + text + "' is out of range (1 bit/s to 1,000 tbit)");
        }
        return Math.round(bits);
    }

    /** {@code bits} per second as tc would write it, in the largest unit that keeps it whole. */
    public static String format(long bits) {
        String[] units = {"bit", "kbit", "mbit", "gbit", "tbit"};
        int u = 0;
        double v = bits;
        while (u < units.length - 1 && v >= 1000 && v % 1000 == 0) {
            v /= 1000;
            u++;
        }
        return (long) v + units[u];
    }
}
