package io.ferry.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * PolicyParser turns the lines of a policy file into {@link PolicyRules}: pure, no I/O. The format is
 * described in {@link PolicyFile}. Every line that is not blank, a comment or a well-formed rule is a
 * {@link MalformedLineException} ({@code policy.txt:3: ...}), and nothing else is thrown, whatever the
 * input.
 */
public final class PolicyParser {
    private static final Pattern SPACE = Pattern.compile("[ \\t]+");
    private static final String FORM = "a rule reads 'read GLOB by WHO[,WHO...]' or 'publish GLOB by WHO[,WHO...]'";

    private PolicyParser() {
    }

    /** The rules in {@code lines}, a file called {@code name} (in messages and decisions). */
    public static PolicyRules parse(String name, List<String> lines) throws MalformedLineException {
        List<PolicyRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!text.isEmpty()) {
                try {
                    rules.add(rule(text, name, i + 1));
                } catch (IllegalArgumentException e) {
                    throw new MalformedLineException(name, i + 1, e.getMessage());
                }
            }
        }
        return new PolicyRules(name, rules);
    }

    private static PolicyRule rule(String text, String file, int line) {
        String[] words = SPACE.split(text, 4);
        PolicyRule.Verb verb = switch (words[0]) {
            case "read" -> PolicyRule.Verb.READ;
            case "publish" -> PolicyRule.Verb.PUBLISH;
            default -> throw new IllegalArgumentException("unknown rule '" + Authority.printable(words[0]) + "': " + FORM);
        };
        if (words.length < 4 || !words[2].equals("by")) {
            throw new IllegalArgumentException(FORM);
        }
        Glob glob = new Glob(words[1]);
        List<PolicyRule.Who> who = new ArrayList<>();
        for (String part : words[3].split(",", -1)) {
            String w = part.strip();
            if (w.isEmpty()) {
                throw new IllegalArgumentException("an empty name in the list after 'by': " + FORM);
            }
            who.add(PolicyRule.Who.parse(w));
        }
        return new PolicyRule(verb, glob, List.copyOf(who), file, line);
    }
}
