package io.ferry.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path tmp;

    /** A deny list the test edits: node ids and fingerprints. */
    static DenyList denying(Set<String> denied) {
        return who -> denied.contains(who.node().value()) || denied.contains(who.fingerprint());
    }

    @Test
    void load_issuedDirectory_knowsItsIdentityAndAuthority() throws Exception {
        Pki pki = new Pki(tmp);
        Credentials c = Credentials.load(pki.issue("n1", "rack1", Role.OPERATOR));
        assertThat(c.identity()).isEqualTo(new Identity(NodeId.of("n1"), "rack1", Role.OPERATOR,
                Certificates.fingerprint(c.certificate()), true));
        assertThat(c.authority()).isEqualTo(Pem.certificate(pki.ca.resolve("ca.crt")));
        assertThat(c.signer().self()).isEqualTo(NodeId.of("n1"));
    }

    @Test
    void load_partsThatDoNotBelongTogether_refusedNamingTheFile() throws Exception {
        Pki pki = new Pki(tmp);
        Pki other = new Pki(tmp.resolve("other"));
        Path a = pki.issue("a", null, Role.NODE);
        Path b = pki.issue("b", null, Role.NODE);
        Path foreign = other.issue("a", null, Role.NODE);

        Files.copy(b.resolve("node.key"), a.resolve("node.key"), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> Credentials.load(a)).isInstanceOf(IOException.class)
                .hasMessageContaining(a.resolve("node.key").toString()).hasMessageContaining("is not the key");

        Files.copy(pki.ca.resolve("ca.crt"), foreign.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> Credentials.load(foreign)).isInstanceOf(IOException.class)
                .hasMessageContaining(foreign.resolve("node.crt").toString()).hasMessageContaining("not by this cluster's CA");

        Files.delete(b.resolve("node.crt"));
        assertThatThrownBy(() -> Credentials.load(b)).isInstanceOf(IOException.class).hasMessageContaining("node.crt");
        assertThatThrownBy(() -> Credentials.load(pki.ca)).isInstanceOf(IOException.class).hasMessageContaining("node.crt");
    }

    @Test
    void trustManager_acceptsOnlyCurrentUndeniedCertificatesOfTheClusterCa() throws Exception {
        Pki pki = new Pki(tmp);
        Pki other = new Pki(tmp.resolve("other"));
        Set<String> denied = ConcurrentHashMap.newKeySet();
        X509ExtendedTrustManager tm = pki.credentials("self").trustManager(denying(denied), Clock.systemUTC());
        X509Certificate good = pki.credentials("b").certificate();

        assertThatCode(() -> tm.checkClientTrusted(new X509Certificate[] {good}, "EC")).doesNotThrowAnyException();
        assertThatCode(() -> tm.checkServerTrusted(new X509Certificate[] {good}, "EC")).doesNotThrowAnyException();
        assertThat(tm.getAcceptedIssuers()).containsExactly(Pem.certificate(pki.ca.resolve("ca.crt")));

        assertRefused(tm, other.credentials("b").certificate(), "not by this cluster's CA");
        assertRefused(tm, pki.expired("b").certificate(), "expired");
        assertRefused(tm, Pem.certificate(pki.ca.resolve("ca.crt")), "a CA's");
        assertThatThrownBy(() -> tm.checkClientTrusted(new X509Certificate[0], "EC"))
                .isInstanceOf(CertificateException.class);

        denied.add("b");
        assertRefused(tm, good, "denied");
        denied.clear();
        denied.add(Certificates.fingerprint(good));
        assertRefused(tm, good, "denied");
        X509Certificate reissued = pki.credentials("b").certificate();
        assertThatCode(() -> tm.checkClientTrusted(new X509Certificate[] {reissued}, "EC"))
                .as("a fingerprint denies one certificate, not the node").doesNotThrowAnyException();
    }

    @Test
    void trustManager_afterTheCaExpired_saysSo() throws Exception {
        // a CA made ten years ago less three days, and a certificate it issued now for two days
        Path ca = tmp.resolve("old-ca");
        CertificateAuthority.init(ca, Clock.offset(Clock.systemUTC(), Duration.ofDays(3).minus(
                CertificateAuthority.CA_VALIDITY)));
        Path a = tmp.resolve("a");
        CertificateAuthority.issue(ca, NodeId.of("a"), null, Role.NODE, 2, a, Clock.systemUTC());
        Credentials creds = Credentials.load(a);
        Clock inFiveDays = Clock.offset(Clock.systemUTC(), Duration.ofDays(5));
        assertThatCode(() -> creds.trustManager(DenyList.none(), Clock.systemUTC())
                .checkClientTrusted(new X509Certificate[] {creds.certificate()}, "EC")).doesNotThrowAnyException();
        assertRefused(creds.trustManager(DenyList.none(), inFiveDays), creds.certificate(),
                "the cluster CA's certificate expired");
    }

    @Test
    void trustManager_refusalsOfOneCertificate_loggedOnce() throws Exception {
        Pki pki = new Pki(tmp);
        X509ExtendedTrustManager tm = pki.credentials("self").trustManager(DenyList.none(), Clock.systemUTC());
        X509Certificate stranger = new Pki(tmp.resolve("other")).credentials("b").certificate();
        X509Certificate expired = pki.expired("c").certificate();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 3; i++) {
                assertRefused(tm, stranger, "not by this cluster's CA");
                assertRefused(tm, expired, "expired");
            }
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(l -> l.contains("refused TLS peer"))).hasSize(2);
        assertThat(log).contains(Certificates.fingerprint(stranger)).contains("node c expired on");
    }

    static void assertRefused(X509ExtendedTrustManager tm, X509Certificate cert, String why) {
        assertThatThrownBy(() -> tm.checkClientTrusted(new X509Certificate[] {cert}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining(why);
        assertThatThrownBy(() -> tm.checkServerTrusted(new X509Certificate[] {cert}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining(why);
    }
}
