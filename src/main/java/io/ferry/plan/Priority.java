package io.ferry.plan;

/**
 * How willingly a peer is planned as a source. PREFER and NORMAL share work by speed alone, PREFER
 * winning ties; LAST_RESORT (an origin that must be spared) is given work only where no other holder can
 * take it without finishing later; NEVER is not planned at all (as a source the policy forbids).
 */
public enum Priority {
    PREFER, NORMAL, LAST_RESORT, NEVER;

    /** Parses {@code prefer}, {@code normal}, {@code last-resort} or {@code never}. */
    public static Priority parse(String s) {
        return switch (s) {
            case "prefer" -> PREFER;
            case "normal" -> NORMAL;
            case "last-resort" -> LAST_RESORT;
            case "never" -> NEVER;
            default -> throw new IllegalArgumentException("priority '" + s + "' is none of prefer, normal, last-resort, never");
        };
    }

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
