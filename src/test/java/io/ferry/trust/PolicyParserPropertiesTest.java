package io.ferry.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parsers of the files an operator writes, fed arbitrary and mutated text: each either parses or
 * rejects with a MalformedLineException reading {@code file:line: message}, never anything else; what
 * parses answers every question without throwing.
 */
class PolicyParserPropertiesTest {
    private static final String VALID = """
            # who may read what
            read secret-* by site:rack1, node:ops-1
            read base-?? by *
            publish team-a.* by role:operator,site:r_2
            """;
    private static final Pattern MESSAGE = Pattern.compile("policy\\.txt:[1-9][0-9]*: \\S.*", Pattern.DOTALL);
    private static final List<Identity> WHO = List.of(
            new Identity(NodeId.of("ops-1"), "rack1", Role.OPERATOR, "f1", true),
            new Identity(NodeId.of("b"), null, Role.NODE, "f2", true), Identity.unverified());

    @Property(tries = 1000)
    void arbitraryLines_parseOrAreRejectedWithFileAndLine(@ForAll("lines") List<String> lines,
                                                          @ForAll("names") String name) {
        check(lines, name);
    }

    @Property(tries = 2000)
    void mutatedPolicies_parseOrAreRejectedWithFileAndLine(@ForAll("mutations") List<Mutation> mutations,
                                                           @ForAll("names") String name) {
        StringBuilder text = new StringBuilder(VALID);
        for (Mutation m : mutations) {
            m.apply(text);
        }
        check(text.toString().lines().toList(), name);
    }

    @Property(tries = 1000)
    void denyList_arbitraryLines_parseOrAreRejectedWithFileAndLine(@ForAll("lines") List<String> lines) {
        try {
            DenyFile.parse("deny.txt", lines);
        } catch (MalformedLineException e) {
            assertThat(e.getMessage()).startsWith("deny.txt:" + e.line() + ": ");
        }
    }

    @Property(tries = 2000)
    void glob_matchesAsTheEquivalentRegularExpression(@ForAll("globs") String pattern, @ForAll("imageNames") String name) {
        String regex = pattern.replace(".", "\\.").replace("?", ".").replace("*", ".*");
        assertThat(new Glob(pattern).matches(name)).as("%s ~ %s", pattern, name).isEqualTo(name.matches(regex));
    }

    private static void check(List<String> lines, String name) {
        PolicyRules rules;
        try {
            rules = PolicyParser.parse("policy.txt", lines);
        } catch (MalformedLineException e) {
            assertThat(e.getMessage()).matches(MESSAGE).startsWith("policy.txt:" + e.line() + ": ");
            assertThat(e.line()).isBetween(1, lines.size());
            assertThat(e.getMessage()).doesNotContain("\n");
            return;
        }
        for (Identity who : WHO) {
            assertThat(rules.mayRead(who, name).rule()).isNotBlank();
            assertThat(rules.mayPublish(who, name).rule()).isNotBlank();
        }
    }

    /** Replaces, deletes or inserts one character at a position (taken modulo the text's length). */
    record Mutation(int kind, int at, char c) {
        void apply(StringBuilder s) {
            int i = s.length() == 0 ? 0 : Math.floorMod(at, s.length());
            switch (kind) {
                case 0 -> {
                    if (s.length() > 0) {
                        s.setCharAt(i, c);
                    }
                }
                case 1 -> {
                    if (s.length() > 0) {
                        s.deleteCharAt(i);
                    }
                }
                default -> s.insert(i, c);
            }
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.of(' ', '\t', '\n', '#', ',', ':', '*', '?', '-',
                '.', 'a', 'Z', '0', '\u0000', '\r', '\u00e9', '\u2028', '\uffff'), Arbitraries.chars());
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers(), chars)
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<String>> lines() {
        Arbitrary<String> words = Arbitraries.of("read", "publish", "by", "*", "?", ",", "node:a", "site:r1",
                "role:operator", "role:x", "#", "x*", " ", "\t", ":", "node:", "a,b");
        Arbitrary<String> built = words.list().ofMaxSize(7).map(w -> String.join(" ", w));
        return Arbitraries.oneOf(built, Arbitraries.strings(), Arbitraries.strings().ascii()).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.of("secret-db", "base-01", "team-a.x", "x"), Arbitraries.strings());
    }

    @Provide
    Arbitrary<String> globs() {
        return Arbitraries.strings().withChars("ab.*?").ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> imageNames() {
        return Arbitraries.strings().withChars("ab.").ofMaxLength(10);
    }
}
