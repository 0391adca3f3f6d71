package io.ferry.util;

/**
 * Printable makes text that came from elsewhere (a peer's node id, address or error message) safe to
 * write to a terminal or a log: a control character could move the cursor, rewrite what was printed
 * before it or forge a log line, so each is shown as an escape instead ({@code \x1b}, {@code \u202e}).
 */
public final class Printable {
    private Printable() {
    }

    /** {@code text} with every control character escaped; "null" for null. */
    public static String safe(String text) {
        if (text == null) {
            return "null";
        }
        if (text.codePoints().noneMatch(Printable::unsafe)) {
            return text; // the usual case: no copy
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (!unsafe(c)) {
                out.appendCodePoint(c);
            } else if (c <= 0xff) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return out.toString();
    }

    /**
     * C0 and C1 controls and DEL (escape sequences, carriage returns, newlines), the line and paragraph
     * separators, and the bidirectional overrides and isolates, which reorder what follows them on screen.
     */
    private static boolean unsafe(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c;
    }
}
