package io.ferry.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactVerifierTest {
    @TempDir
    Path tmp;
    Pki pki;
    Path bDir;
    Credentials a;
    Credentials b;
    Set<String> denied;
    FactVerifier verifier;

    static final byte[] PAYLOAD = "address 10.0.0.1:7420".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void cluster() {
        pki = new Pki(tmp);
        a = pki.credentials("a");
        bDir = pki.issue("b", null, Role.NODE);
        b = Pki.load(bDir);
        denied = ConcurrentHashMap.newKeySet();
        verifier = pki.credentials("self").verifier(CredentialsTest.denying(denied), Clock.systemUTC());
    }

    static SignedFact with(SignedFact f, NodeId origin, String kind, long version, byte[] payload) {
        return new SignedFact(origin, kind, version, payload, f.signature(), f.certificate());
    }

    @Test
    void verify_signedFact_namesItsSigner_alsoWhenSeenAgain() throws Exception {
        SignedFact fact = a.signer().sign("address", 7, PAYLOAD);
        assertThat(fact.origin()).isEqualTo(NodeId.of("a"));
        assertThat(verifier.verify(fact)).isEqualTo(a.identity());
        assertThat(verifier.verify(fact)).isEqualTo(a.identity());
        SignedFact copy = new SignedFact(fact.origin(), fact.kind(), fact.version(), fact.payload().clone(),
                fact.signature().clone(), fact.certificate().clone());
        assertThat(verifier.verify(copy)).isEqualTo(a.identity());
        assertThat(verifier.verify(a.signer().sign("address", 8, PAYLOAD))).isEqualTo(a.identity());
    }

    @Test
    void verify_alteredContent_forged() throws Exception {
        SignedFact fact = a.signer().sign("address", 7, PAYLOAD);
        verifier.verify(fact);
        byte[] other = PAYLOAD.clone();
        other[0] ^= 1;
        assertForged(with(fact, fact.origin(), fact.kind(), fact.version(), other), "signature does not match");
        assertForged(with(fact, fact.origin(), fact.kind(), 8, PAYLOAD), "signature does not match");
        assertForged(with(fact, fact.origin(), "holding", 7, PAYLOAD), "signature does not match");
        assertForged(with(fact, NodeId.of("b"), fact.kind(), 7, PAYLOAD), "signed with the certificate of node a");
        byte[] sig = fact.signature().clone();
        sig[sig.length - 1] ^= 1;
        assertForged(new SignedFact(fact.origin(), fact.kind(), 7, PAYLOAD, sig, fact.certificate()), "signature");
    }

    @Test
    void verify_factByBClaimingOriginA_forged() throws Exception {
        // b signs the very bytes a fact of a's would have, with its own key, and attaches its certificate
        PrivateKey bKey = Pem.privateKey(bDir.resolve("node.key"));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(bKey);
        s.update(SignedFact.signedBytes(NodeId.of("a"), "address", 9, PAYLOAD));
        SignedFact lie = new SignedFact(NodeId.of("a"), "address", 9, PAYLOAD, s.sign(), b.certificate().getEncoded());
        assertForged(lie, "signed with the certificate of node b");
        // and with a's certificate attached instead, the signature is not a's
        SignedFact lie2 = new SignedFact(NodeId.of("a"), "address", 9, PAYLOAD, lie.signature(),
                a.certificate().getEncoded());
        assertForged(lie2, "signature does not match");
    }

    @Test
    void verify_certificateOfAnotherCluster_forged() {
        Credentials stranger = new Pki(tmp.resolve("other")).credentials("a");
        assertForged(stranger.signer().sign("address", 1, PAYLOAD), "not by this cluster's CA");
    }

    @Test
    void verify_expiredOrNotYetValidCertificate_forged() throws Exception {
        TestClock clock = new TestClock(Instant.now());
        FactVerifier v = pki.credentials("self").verifier(DenyList.none(), clock);
        SignedFact fact = a.signer().sign("address", 1, PAYLOAD);
        assertThat(v.verify(fact)).isEqualTo(a.identity());
        clock.advance(Duration.ofDays(366));
        assertThatThrownBy(() -> v.verify(fact)).as("remembered, but expired since")
                .isInstanceOf(ForgedFactException.class).hasMessageContaining("expired");
        assertForged(pki.expired("c").signer().sign("address", 1, PAYLOAD), "expired");
        TestClock early = new TestClock(Instant.now().minus(Duration.ofDays(1)));
        assertThatThrownBy(() -> pki.credentials("self").verifier(DenyList.none(), early).verify(fact))
                .isInstanceOf(ForgedFactException.class).hasMessageContaining("not valid before");
    }

    @Test
    void verify_deniedNodeOrCertificate_forged_alsoWhenVerifiedBefore() throws Exception {
        SignedFact fact = a.signer().sign("address", 1, PAYLOAD);
        verifier.verify(fact);
        denied.add("a");
        assertForged(fact, "denied");
        denied.clear();
        assertThat(verifier.verify(fact)).isEqualTo(a.identity());
        denied.add(a.identity().fingerprint());
        assertForged(fact, "denied");
    }

    @Test
    void verify_unsignedOrIncompleteOrOversized_forged() {
        assertForged(new SignedFact(NodeId.of("a"), "address", 1, PAYLOAD, new byte[0], new byte[0]), "not signed");
        assertForged(new SignedFact(NodeId.of("a"), null, 1, PAYLOAD, new byte[1], new byte[1]), "incomplete");
        assertForged(new SignedFact(null, "k", 1, PAYLOAD, new byte[1], new byte[1]), "incomplete");
        assertForged(null, "no fact");
        assertForged(new SignedFact(NodeId.of("a"), "k", 1, PAYLOAD, new byte[1], new byte[5000]), "5000 bytes");
        assertForged(new SignedFact(NodeId.of("a"), "k", 1, PAYLOAD, new byte[500], new byte[100]), "500 bytes");
        assertForged(new SignedFact(NodeId.of("a"), "k".repeat(70_000), 1, PAYLOAD, new byte[1], new byte[1]), "kind");
        assertForged(new SignedFact(NodeId.of("a"), "k", 1, PAYLOAD, new byte[1], new byte[] {1, 2, 3}),
                "unreadable certificate");
    }

    @Test
    void verify_certificateWithTrailingBytesOrAsPem_forged() throws Exception {
        SignedFact fact = a.signer().sign("address", 1, PAYLOAD);
        byte[] der = fact.certificate();
        byte[] longer = java.util.Arrays.copyOf(der, der.length + 1);
        assertForged(new SignedFact(fact.origin(), fact.kind(), 1, PAYLOAD, fact.signature(), longer), "unreadable");
        byte[] pem = Pki.pem(a.certificate()).getBytes(StandardCharsets.US_ASCII);
        assertForged(new SignedFact(fact.origin(), fact.kind(), 1, PAYLOAD, fact.signature(), pem), "unreadable");
    }

    void assertForged(SignedFact fact, String why) {
        assertThatThrownBy(() -> verifier.verify(fact)).isInstanceOf(ForgedFactException.class).hasMessageContaining(why);
    }
}
