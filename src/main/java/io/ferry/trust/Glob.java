package io.ferry.trust;

import java.util.regex.Pattern;

/**
 * Glob is a pattern over image names in a policy rule: {@code *} matches any run of characters (none
 * included), {@code ?} exactly one, every other character itself. Patterns hold only the characters of
 * image names besides the two wildcards, so nothing in one is special by accident. Matching walks the
 * pattern once with one backtrack point (no regular expression), so its cost is bounded by the lengths
 * whatever the pattern.
 */
public record Glob(String pattern) {
    public static final int MAX = 256;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@+*?-]{1," + MAX + "}");

    public Glob {
        if (pattern == null || !VALID.matcher(pattern).matches()) {
            throw new IllegalArgumentException("invalid pattern '" + Authority.printable(String.valueOf(pattern))
                    + "': use letters, digits, . _ : @ + - and the wildcards * and ?");
        }
    }

    /** Whether {@code name} matches the whole pattern. */
    public boolean matches(String name) {
        int p = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            char c = p < pattern.length() ? pattern.charAt(p) : 0;
            if (p < pattern.length() && (c == '?' || c == name.charAt(n)) && c != '*') {
                p++;
                n++;
            } else if (c == '*') {
                star = p++;
                resume = n;
            } else if (star >= 0) {
                // the last star takes one more character, and matching goes on after it
                p = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
