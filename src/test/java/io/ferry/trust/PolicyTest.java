package io.ferry.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTest {
    @TempDir
    Path tmp;

    static final Identity A = new Identity(NodeId.of("a"), "rack1", Role.NODE, "fa", true);
    static final Identity B = new Identity(NodeId.of("b"), "rack2", Role.NODE, "fb", true);
    static final Identity OPS = new Identity(NodeId.of("ops"), null, Role.OPERATOR, "fo", true);

    static PolicyRules rules(String... lines) throws MalformedLineException {
        return PolicyParser.parse("policy.txt", List.of(lines));
    }

    @Test
    void mayRead_ruleNamingTheRequester_allowsAndIsNamed() throws Exception {
        PolicyRules p = rules("# secrets stay in rack1", "read secret-* by site:rack1", "read base-? by *",
                "read web by node:b, role:operator");
        assertThat(p.mayRead(A, "secret-db")).isEqualTo(
                new Policy.Decision(true, "policy.txt:2 \"read secret-* by site:rack1\""));
        assertThat(p.mayRead(B, "base-1").rule()).isEqualTo("policy.txt:3 \"read base-? by *\"");
        assertThat(p.mayRead(B, "web").rule()).isEqualTo("policy.txt:4 \"read web by node:b,role:operator\"");
        assertThat(p.mayRead(OPS, "web").allowed()).isTrue();
        assertThat(p.mayRead(A, "web").allowed()).isFalse();
    }

    @Test
    void mayRead_noRuleNamesTheRequester_orNoneMatchesTheImage_denied() throws Exception {
        PolicyRules p = rules("read secret-* by site:rack1", "publish * by role:operator");
        assertThat(p.mayRead(B, "secret-db"))
                .isEqualTo(new Policy.Decision(false, "no rule in policy.txt lets node b read 'secret-db'"));
        assertThat(p.mayRead(A, "other").allowed()).as("no read rule matches 'other'").isFalse();
        assertThat(p.mayRead(A, "base-10").allowed()).isFalse();
        assertThat(rules().mayRead(A, "x").allowed()).as("an empty policy denies everything").isFalse();
        assertThat(rules("# only comments").mayPublish(OPS, "x").allowed()).isFalse();
    }

    @Test
    void mayPublish_usesPublishRulesOnly() throws Exception {
        PolicyRules p = rules("read * by *", "publish team-* by site:rack2", "publish * by role:operator");
        assertThat(p.mayPublish(A, "team-x").rule()).isEqualTo("no rule in policy.txt lets node a publish 'team-x'");
        assertThat(p.mayPublish(B, "team-x").rule()).isEqualTo("policy.txt:2 \"publish team-* by site:rack2\"");
        assertThat(p.mayPublish(OPS, "anything").allowed()).isTrue();
        assertThat(rules("read * by *").mayPublish(OPS, "x").allowed()).isFalse();
        assertThat(rules("publish * by *").mayRead(OPS, "x").allowed()).isFalse();
    }

    @Test
    void unverifiedRequester_neverAllowed() throws Exception {
        PolicyRules p = rules("read * by *", "publish * by *");
        Policy.Decision d = p.mayRead(Identity.unverified(), "x");
        assertThat(d.allowed()).isFalse();
        assertThat(d.rule()).contains("an unverified peer").contains("policy.txt");
        assertThat(p.mayPublish(Identity.unverified(), "x").allowed()).isFalse();
        Identity claimsToBeA = new Identity(NodeId.of("a"), "rack1", Role.OPERATOR, null, false);
        assertThat(p.mayRead(claimsToBeA, "x").allowed()).isFalse();
    }

    @Test
    void parse_malformedLines_rejectedWithFileAndLine() {
        List<String> bad = List.of("reed x by *", "read x", "read x by", "read x to *", "read x/y by *",
                "read x by group:g", "read x by node:-a", "read x by site:a b", "read x by role:admin", "read x by *,",
                "read x by ,*", "read  by *", "READ x by *", "read " + "x".repeat(300) + " by *");
        for (String line : bad) {
            assertThatThrownBy(() -> rules("read ok by *", "", line)).as(line)
                    .isInstanceOf(MalformedLineException.class).hasMessageStartingWith("policy.txt:3: ");
        }
    }

    @Test
    void parse_spacingAndComments_areFree() throws Exception {
        PolicyRules p = rules("\tread\t a*   by node:a ,  site:rack2   # both", "publish ? by *#x");
        assertThat(p.rules()).hasSize(2);
        assertThat(p.mayRead(B, "ab").allowed()).isTrue();
        assertThat(p.mayPublish(A, "z").rule()).isEqualTo("policy.txt:2 \"publish ? by *\"");
    }

    @Test
    void glob_wildcards() {
        assertThat(new Glob("*").matches("")).isTrue();
        assertThat(new Glob("a*b*c").matches("abc")).isTrue();
        assertThat(new Glob("a*b*c").matches("aXbYbZc")).isTrue();
        assertThat(new Glob("a*b*c").matches("aXbYbZ")).isFalse();
        assertThat(new Glob("a?c").matches("abc")).isTrue();
        assertThat(new Glob("a?c").matches("ac")).isFalse();
        assertThat(new Glob("v1.2").matches("v1.2")).isTrue();
        assertThat(new Glob("v1.2").matches("v1x2")).as(". is no wildcard").isFalse();
        assertThat(new Glob("**a").matches("bba")).isTrue();
    }

    @Test
    void policyFile_changed_readAgain_malformedChangeKeepsTheLastGood() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        Path file = tmp.resolve("policy.txt");
        DenyFileTest.write(file, "read * by node:a\n", 1);
        PolicyFile p = PolicyFile.open(file, clock);
        assertThat(p.mayRead(B, "x").allowed()).isFalse();

        DenyFileTest.write(file, "read * by node:a,node:b\n", 2);
        clock.advance(Duration.ofMillis(500));
        assertThat(p.mayRead(B, "x").allowed()).isFalse();
        clock.advance(Duration.ofMillis(500));
        assertThat(p.mayRead(B, "x").rule()).isEqualTo("policy.txt:1 \"read * by node:a,node:b\"");

        DenyFileTest.write(file, "read * by everyone\n", 3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(p.mayRead(B, "x").allowed()).as("the last good policy stays").isTrue();

        DenyFileTest.write(file, "", 4);
        clock.advance(Duration.ofSeconds(1));
        assertThat(p.mayRead(A, "x").allowed()).isFalse();
    }

    @Test
    void policyFile_malformedAtStart_refused() throws Exception {
        Path file = tmp.resolve("policy.txt");
        DenyFileTest.write(file, "# fine\nread * by\n", 1);
        assertThatThrownBy(() -> PolicyFile.open(file, new TestClock(Instant.EPOCH)))
                .isInstanceOf(MalformedLineException.class).hasMessageStartingWith("policy.txt:2: ");
    }
}
