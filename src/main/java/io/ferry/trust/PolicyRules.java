package io.ferry.trust;

import java.util.List;

/**
 * PolicyRules is a parsed policy file and the decisions it makes (the semantics are described in
 * {@link PolicyFile}): the first rule, in file order, whose verb is asked about, whose pattern matches the
 * name and whose list names the requester allows; without one the answer is no. An unverified requester
 * (no TLS) is never allowed. Immutable and pure.
 */
public record PolicyRules(String file, List<PolicyRule> rules) implements Policy {
    public PolicyRules {
        rules = List.copyOf(rules);
    }

    @Override
    public Decision mayRead(Identity who, String image) {
        return decide(PolicyRule.Verb.READ, who, image);
    }

    @Override
    public Decision mayPublish(Identity who, String name) {
        return decide(PolicyRule.Verb.PUBLISH, who, name);
    }

    private Decision decide(PolicyRule.Verb verb, Identity who, String name) {
        String what = verb.word() + " '" + Authority.printable(String.valueOf(name)) + "'";
        if (who == null || !who.verified()) {
            return new Decision(false, file + " lets only nodes with a cluster certificate " + what + ", and "
                    + (who == null ? Identity.unverified() : who).describe() + " has none");
        }
        for (PolicyRule r : rules) {
            if (r.verb() == verb && name != null && r.glob().matches(name) && r.covers(who)) {
                return new Decision(true, r.describe());
            }
        }
        return new Decision(false, "no rule in " + file + " lets " + who.describe() + " " + what);
    }
}
