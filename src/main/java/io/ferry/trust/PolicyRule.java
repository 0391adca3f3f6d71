package io.ferry.trust;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * PolicyRule is one line of a policy file: {@code read GLOB by WHO,...} or {@code publish GLOB by WHO,...},
 * and where it was written ({@code file}, {@code line}) so that a decision can name it.
 */
public record PolicyRule(Verb verb, Glob glob, List<Who> who, String file, int line) {
    public PolicyRule {
        who = List.copyOf(who);
    }

    public enum Verb {
        READ, PUBLISH;

        public String word() {
            return this == READ ? "read" : "publish";
        }
    }

    /** One name in a rule's list: a node, everyone at a site, everyone with a role, or everyone ({@code *}). */
    public record Who(Kind kind, String value) {
        public enum Kind { NODE, SITE, ROLE, ANYONE }

        /** Parses {@code node:ID}, {@code site:SITE}, {@code role:ROLE} or {@code *}; IllegalArgumentException otherwise. */
        public static Who parse(String s) {
            if (s.equals("*")) {
                return new Who(Kind.ANYONE, "*");
            }
            int colon = s.indexOf(':');
            String kind = colon < 0 ? "" : s.substring(0, colon);
            String value = s.substring(colon + 1);
            return switch (kind) {
                case "node" -> new Who(Kind.NODE, NodeId.of(value).value());
                case "site" -> new Who(Kind.SITE, Site.check(value));
                case "role" -> new Who(Kind.ROLE, Role.parse(value).word());
                default -> throw new IllegalArgumentException("'" + Authority.printable(s) + "' names no one: write "
                        + "node:ID, site:SITE, role:node, role:operator or *");
            };
        }

        /** Whether {@code id}, a verified identity, is one this name covers. */
        public boolean covers(Identity id) {
            return switch (kind) {
                case ANYONE -> true;
                case NODE -> id.node() != null && id.node().value().equals(value);
                case SITE -> value.equals(id.site());
                case ROLE -> id.role() != null && id.role().word().equals(value);
            };
        }

        @Override
        public String toString() {
            return kind == Kind.ANYONE ? "*" : kind.name().toLowerCase(Locale.ROOT) + ":" + value;
        }
    }

    /** Whether one of the names in this rule covers {@code id}. */
    public boolean covers(Identity id) {
        return who.stream().anyMatch(w -> w.covers(id));
    }

    /** The rule as written and where: {@code policy.txt:3 "read secret-* by site:rack1"}. */
    public String describe() {
        return file + ":" + line + " \"" + verb.word() + " " + glob + " by "
                + who.stream().map(Who::toString).collect(Collectors.joining(",")) + "\"";
    }
}
