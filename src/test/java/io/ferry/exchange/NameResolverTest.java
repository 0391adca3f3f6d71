package io.ferry.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.catalog.KnownNode;
import io.ferry.catalog.TableEntry;
import io.ferry.catalog.UnknownImageException;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Entries;
import io.ferry.testing.TestCa;
import io.ferry.trust.FactSigner;
import io.ferry.trust.FactVerifier;
import io.ferry.trust.NodeId;
import io.ferry.trust.Policy;
import io.ferry.trust.SignedFact;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A name's binding is decided by policy and the publisher's signature, never by how many relay it. */
class NameResolverTest {
    private static final NodeId A = NodeId.of("a");
    private static final NodeId M = NodeId.of("m");
    private static final ManifestId REAL = ManifestId.parse("11".repeat(32));
    private static final ManifestId NEWER = ManifestId.parse("22".repeat(32));
    private static final ManifestId EVIL = ManifestId.parse("66".repeat(32));
    private static final ImageDigest SHA = new ImageDigest("aa".repeat(32));
    private static final Policy ONLY_A_PUBLISHES_V2 = new Policy() {
        @Override
        public Decision mayRead(io.ferry.trust.Identity who, String image) {
            return new Decision(true, "everyone reads");
        }

        @Override
        public Decision mayPublish(io.ferry.trust.Identity who, String name) {
            return new Decision(!name.equals("v2") || A.equals(who.node()), "v2 is published by node a only");
        }
    };

    private final TestCa ca = new TestCa();
    private final FactVerifier verifier = ca.verifier();

    /** Node {@code node}'s entry, relaying {@code bindings}. */
    private TableEntry relay(String node, SignedFact... bindings) {
        return Entries.entry(ca.signer(NodeId.of(node)), node + ".example:7421", 5, List.of(bindings), List.of());
    }

    /** Resolves v2 over the bindings the entries relay, as ClusterView gets them from the table's index. */
    private NameResolver.Candidate resolve(Policy policy, List<TableEntry> entries) throws Exception {
        return new NameResolver(verifier, policy).resolve("v2", entries.stream().flatMap(e -> e.bindings().stream()).toList());
    }

    /** Attack 1: two forged bindings (in a's name, m's key) outvoted a's one; the node delivered m's bytes as v2. */
    @Test
    void forgedBindings_outnumberingTheRealOne_refused() throws Exception {
        SignedFact real = Entries.binding(ca.signer(A), 5, "v2", REAL, 100, SHA);
        FactSigner forger = TestCa.signer(A, ca.issue(M));
        SignedFact forged1 = Entries.binding(forger, 9, "v2", EVIL, 100, SHA);
        SignedFact forged2 = Entries.binding(forger, 10, "v2", EVIL, 100, SHA);
        NameResolver.Candidate l = resolve(Policy.open(), List.of(relay("a", real), relay("x1", forged1), relay("x2", forged2),
                relay("x3", forged1, forged2)));
        assertThat(l.manifestId()).isEqualTo(REAL);
        assertThat(l.fact().signature()).isEqualTo(real.signature());
        assertThat(l.fact().origin()).isEqualTo(A);
    }

    @Test
    void aForgedCopyRelayedFirst_doesNotHideTheGenuineFact() throws Exception {
        SignedFact real = Entries.binding(ca.signer(A), 5, "v2", REAL, 100, SHA);
        SignedFact copy = new SignedFact(A, real.kind(), real.version(), real.payload(), new byte[0], new byte[0]);
        assertThat(resolve(Policy.open(), List.of(relay("x", copy), relay("a", real))).manifestId()).isEqualTo(REAL);
    }

    @Test
    void aPublisherThePolicyRefuses_doesNotCount_howeverManyRelayIt() throws Exception {
        SignedFact real = Entries.binding(ca.signer(A), 5, "v2", REAL, 100, SHA);
        SignedFact ms = Entries.binding(ca.signer(M), 99, "v2", EVIL, 100, SHA); // m's own, genuinely signed
        List<TableEntry> entries = new ArrayList<>(List.of(relay("a", real)));
        for (int i = 0; i < 10; i++) {
            entries.add(relay("r" + i, ms));
        }
        assertThat(resolve(ONLY_A_PUBLISHES_V2, entries).manifestId()).isEqualTo(REAL);
        assertThat(resolve(Policy.open(), entries).manifestId()).as("without a policy, m's later publication wins")
                .isEqualTo(EVIL);
    }

    @Test
    void theLatestBindingOfAPermittedPublisherWins_aReimportIsAnUpdate() throws Exception {
        SignedFact old = Entries.binding(ca.signer(A), 5, "v2", REAL, 100, SHA);
        SignedFact reimport = Entries.binding(ca.signer(A), 8, "v2", NEWER, 100, SHA);
        List<TableEntry> entries = List.of(relay("b", old), relay("c", old), relay("d", old), relay("a", reimport));
        assertThat(resolve(ONLY_A_PUBLISHES_V2, entries).manifestId()).isEqualTo(NEWER);
    }

    @Test
    void equalVersionsOfTwoPublishers_everyNodeDecidesAlike() throws Exception {
        SignedFact byA = Entries.binding(ca.signer(A), 7, "v2", REAL, 100, SHA);
        SignedFact byM = Entries.binding(ca.signer(M), 7, "v2", EVIL, 100, SHA);
        assertThat(resolve(Policy.open(), List.of(relay("x", byA), relay("y", byM))).manifestId()).isEqualTo(REAL);
        assertThat(resolve(Policy.open(), List.of(relay("y", byM), relay("x", byA))).manifestId()).isEqualTo(REAL);
    }

    @Test
    void noBindingLeft_unknown_sayingHowManyWereRefusedAndByWhichRule() {
        SignedFact ms = Entries.binding(ca.signer(M), 9, "v2", EVIL, 100, SHA);
        SignedFact forged = Entries.binding(TestCa.signer(A, ca.issue(M)), 9, "v2", EVIL, 100, SHA);
        SignedFact unsigned = Entries.binding(FactSigner.unsigned(A), 9, "v2", EVIL, 100, SHA);
        assertThatThrownBy(() -> resolve(ONLY_A_PUBLISHES_V2, List.of(relay("m", ms, forged), relay("x", unsigned, ms))))
                .isInstanceOf(UnknownImageException.class)
                .hasMessage("unknown image 'v2' (ferry ls lists the images); 3 bindings of it refused: "
                        + "1 publisher not allowed by policy (v2 is published by node a only); "
                        + "2 not signed by the publisher it names");
        assertThatThrownBy(() -> resolve(Policy.open(), List.of(relay("m"))))
                .hasMessage("unknown image 'v2' (ferry ls lists the images)");
    }
}
