package io.ferry.trust;

import java.util.Locale;

/** What a certificate lets its holder do: a node serves and fetches; an operator may also run the verbs. */
public enum Role {
    NODE, OPERATOR;

    /** Parses {@code node} or {@code operator}; IllegalArgumentException otherwise. */
    public static Role parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a role is node or operator, got '" + s + "'");
        }
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
