package io.ferry.util;

import java.util.Locale;

/** Sizes parses the byte counts users type: {@code 65536}, {@code 64K}, {@code 64KiB}, {@code 1M}, {@code 20G}. */
public final class Sizes {
    private Sizes() {
    }

    /** A size in binary units; IllegalArgumentException, naming the text, when it is not one. */
    public static long parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        String digits = s.replaceFirst("(I?B)$", "").replaceFirst("IB$", "");
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("not a size: '" + text + "'");
        }
        int shift = switch (digits.charAt(digits.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        if (shift > 0) {
            digits = digits.substring(0, digits.length() - 1);
            unit = 1L << shift;
        }
        try {
            long n = Long.parseLong(digits);
            if (n < 0 || n > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 65536, 64K, 1M, 2G)");
        }
    }
}
