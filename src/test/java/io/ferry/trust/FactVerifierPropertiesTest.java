package io.ferry.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Example;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever bytes a peer sends as a fact, arbitrary or a valid fact with something changed, the verifier
 * answers with a ForgedFactException and nothing else.
 */
class FactVerifierPropertiesTest {
    private static Path dir;
    private static SignedFact valid;
    private static FactVerifier verifier;

    @BeforeContainer
    static void cluster() throws IOException {
        dir = Files.createTempDirectory("ferry-facts");
        Pki pki = new Pki(dir);
        valid = pki.credentials("a").signer().sign("holding", 42, "v2 0-1000".getBytes());
        verifier = pki.credentials("self").verifier(DenyList.none(), Clock.systemUTC());
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 300)
    void arbitraryFacts_onlyForged(@ForAll("bytes") byte[] certificate, @ForAll("bytes") byte[] signature,
                                   @ForAll("bytes") byte[] payload, @ForAll String kind, @ForAll long version,
                                   @ForAll boolean realCertificate) {
        byte[] cert = realCertificate ? valid.certificate() : certificate;
        SignedFact fact = new SignedFact(NodeId.of("a"), kind, version, payload, signature, cert);
        assertThat(catchThrowable(() -> verifier.verify(fact))).isInstanceOf(ForgedFactException.class);
    }

    @Property(tries = 500)
    void mutatedFacts_onlyForged(@ForAll("part") int part, @ForAll int where, @ForAll("mask") byte mask,
                                 @ForAll("edit") int edit) {
        byte[] certificate = valid.certificate();
        byte[] signature = valid.signature();
        byte[] payload = valid.payload();
        String kind = valid.kind();
        long version = valid.version();
        NodeId origin = valid.origin();
        switch (part) {
            case 0 -> certificate = mutate(certificate, where, mask, edit);
            case 1 -> signature = mutate(signature, where, mask, edit);
            case 2 -> payload = mutate(payload, where, mask, edit);
            case 3 -> kind = new String(mutate(kind.getBytes(), where, mask, edit));
            case 4 -> version ^= (1L << Math.floorMod(where, 64));
            default -> origin = NodeId.of("b");
        }
        SignedFact fact = new SignedFact(origin, kind, version, payload, signature, certificate);
        assertThat(catchThrowable(() -> verifier.verify(fact))).as("part %d", part)
                .isInstanceOf(ForgedFactException.class);
    }

    @Property(tries = 1000)
    void mutatedCertificate_onlyForged(@ForAll int where, @ForAll("mask") byte mask, @ForAll("edit") int edit) {
        SignedFact fact = new SignedFact(valid.origin(), valid.kind(), valid.version(), valid.payload(),
                valid.signature(), mutate(valid.certificate(), where, mask, edit));
        assertThat(catchThrowable(() -> verifier.verify(fact))).isInstanceOf(ForgedFactException.class);
    }

    /**
     * The case the property found: the unused-bits count of the CA signature's BIT STRING set to 1. The
     * JDK parses it as the same certificate and the CA signature still verifies, but it has another
     * fingerprint, so it must be refused.
     */
    @Example
    void aCertificateWithUnusedBitsInItsSignature_isRefused() {
        byte[] der = valid.certificate().clone();
        int at = -1;
        for (int length = 40; length < 128 && at < 0; length++) {
            int tag = der.length - length - 2;
            if ((der[tag] & 0xff) == 0x03 && (der[tag + 1] & 0xff) == length && der[tag + 2] == 0) {
                at = tag + 2; // the signature's BIT STRING: tag, length, then its unused-bits count
            }
        }
        assertThat(at).as("the signature's BIT STRING was found").isPositive();
        der[at] = 1;
        SignedFact fact = new SignedFact(valid.origin(), valid.kind(), valid.version(), valid.payload(),
                valid.signature(), der);
        assertThat(catchThrowable(() -> verifier.verify(fact))).isInstanceOf(ForgedFactException.class);
    }

    /** Flips bits at one place (edit 0), cuts the bytes short there (1) or inserts a byte there (2). */
    static byte[] mutate(byte[] b, int where, byte mask, int edit) {
        int i = Math.floorMod(where, b.length);
        return switch (edit) {
            case 0 -> {
                byte[] c = b.clone();
                c[i] ^= mask;
                yield c;
            }
            case 1 -> Arrays.copyOf(b, i);
            default -> {
                byte[] c = new byte[b.length + 1];
                System.arraycopy(b, 0, c, 0, i);
                c[i] = mask;
                System.arraycopy(b, i, c, i + 1, b.length - i);
                yield c;
            }
        };
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(5000);
    }

    @Provide
    Arbitrary<Integer> part() {
        return Arbitraries.integers().between(0, 5);
    }

    @Provide
    Arbitrary<Integer> edit() {
        return Arbitraries.integers().between(0, 2);
    }

    @Provide
    Arbitrary<Byte> mask() {
        return Arbitraries.bytes().filter(b -> b != 0);
    }
}
