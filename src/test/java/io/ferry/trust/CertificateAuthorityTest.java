package io.ferry.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path tmp;

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void init_newDirectory_writesSelfSignedCaWithPrivateKeyAndDirectory() throws Exception {
        Path ca = tmp.resolve("ca");
        CertificateAuthority.Written w = CertificateAuthority.init(ca);

        assertThat(names(ca)).containsExactly("ca.crt", "ca.key");
        assertThat(w.files()).containsExactlyInAnyOrder(ca.resolve("ca.crt"), ca.resolve("ca.key"));
        assertThat(mode(ca)).isEqualTo("rwx------");
        assertThat(mode(ca.resolve("ca.key"))).isEqualTo("rw-------");
        assertThat(Files.readString(ca.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        X509Certificate cert = Pem.certificate(ca.resolve("ca.crt"));
        assertThat(cert).isEqualTo(w.certificate());
        cert.verify(cert.getPublicKey());
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(cert.getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        Duration valid = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        assertThat(valid.toDays()).isBetween(3650L, 3660L);
        assertThat(Pem.privateKey(ca.resolve("ca.key")).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void init_existingEmptyDirectory_accepted_nonEmpty_refused() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        CertificateAuthority.init(empty);
        assertThat(names(empty)).containsExactly("ca.crt", "ca.key");

        byte[] key = Files.readAllBytes(empty.resolve("ca.key"));
        assertThatThrownBy(() -> CertificateAuthority.init(empty)).isInstanceOf(IOException.class)
                .hasMessageContaining("not empty").hasMessageContaining(empty.toString());
        assertThat(Files.readAllBytes(empty.resolve("ca.key"))).as("the CA key is never overwritten").isEqualTo(key);
    }

    @Test
    void issue_writesNodeCredentials_neverTheCaKey() throws Exception {
        Pki pki = new Pki(tmp);
        Path out = tmp.resolve("n1");
        CertificateAuthority.Written w = CertificateAuthority.issue(pki.ca, NodeId.of("n1"), "rack1", Role.NODE,
                CertificateAuthority.DEFAULT_DAYS, out);

        assertThat(names(out)).containsExactly("ca.crt", "node.crt", "node.key");
        assertThat(w.files()).hasSize(3).allMatch(p -> p.getParent().equals(out));
        assertThat(mode(out)).isEqualTo("rwx------");
        assertThat(mode(out.resolve("node.key"))).isEqualTo("rw-------");
        assertThat(Files.readString(out.resolve("ca.crt"))).isEqualTo(Files.readString(pki.ca.resolve("ca.crt")));
        String caKey = Files.readString(pki.ca.resolve("ca.key"));
        for (String name : names(out)) {
            assertThat(Files.readString(out.resolve(name))).as(name).isNotEqualTo(caKey)
                    .doesNotContain(caKey.lines().skip(1).findFirst().orElseThrow());
        }
    }

    @Test
    void issue_nodeCertificate_hasTheLayoutDocumented() throws Exception {
        Pki pki = new Pki(tmp);
        X509Certificate ca = Pem.certificate(pki.ca.resolve("ca.crt"));
        X509Certificate cert = Pem.certificate(pki.issue("n1", "rack-1.b_2", Role.OPERATOR).resolve("node.crt"));

        cert.verify(ca.getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=n1");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(6, "urn:ferry:role:operator"), List.of(6, "urn:ferry:site:rack-1.b_2"));
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        Duration valid = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        assertThat(valid).isEqualTo(Duration.ofDays(365).plus(CertificateAuthority.SKEW));
    }

    @Test
    void issue_certificate_parsesToTheIdentityAskedFor() throws Exception {
        Pki pki = new Pki(tmp);
        X509Certificate withSite = Pem.certificate(pki.issue("n1", "rack1", Role.NODE).resolve("node.crt"));
        X509Certificate operator = Pem.certificate(pki.issue("ops", null, Role.OPERATOR).resolve("node.crt"));

        Identity a = Certificates.identity(withSite);
        assertThat(a).isEqualTo(new Identity(NodeId.of("n1"), "rack1", Role.NODE,
                Certificates.fingerprint(withSite.getEncoded()), true));
        assertThat(a.fingerprint()).hasSize(64).matches("[0-9a-f]+");
        Identity b = Certificates.identity(operator);
        assertThat(b.node()).isEqualTo(NodeId.of("ops"));
        assertThat(b.site()).isNull();
        assertThat(b.role()).isEqualTo(Role.OPERATOR);
        assertThat(withSite.getSerialNumber()).isNotEqualTo(operator.getSerialNumber());
    }

    @Test
    void issue_nonEmptyDirectory_refusedAndNothingWritten() throws Exception {
        Pki pki = new Pki(tmp);
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> CertificateAuthority.issue(pki.ca, NodeId.of("n1"), null, Role.NODE, 30, out))
                .isInstanceOf(IOException.class).hasMessageContaining("not empty");
        assertThat(names(out)).containsExactly("notes.txt");
    }

    @Test
    void issue_badArguments_refusedBeforeAnythingIsWritten() throws Exception {
        Pki pki = new Pki(tmp);
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> CertificateAuthority.issue(pki.ca, NodeId.of("n1"), "a b", Role.NODE, 30, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid site 'a b'");
        assertThatThrownBy(() -> CertificateAuthority.issue(pki.ca, NodeId.of("n1"), "x".repeat(65), Role.NODE, 30, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateAuthority.issue(pki.ca, NodeId.of("n1"), null, Role.NODE, 0, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 day");
        assertThatThrownBy(() -> CertificateAuthority.issue(pki.ca, NodeId.of("n1"), null, Role.NODE, 4000, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outlast");
        assertThatThrownBy(() -> CertificateAuthority.issue(tmp.resolve("nope"), NodeId.of("n1"), null, Role.NODE, 30,
                out)).isInstanceOf(NoSuchFileException.class).hasMessageContaining("ca.crt");
        assertThat(out).doesNotExist();
    }

    @Test
    void pem_malformedFiles_areIoExceptionsNamingTheFile() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> Pem.certificate(junk)).isInstanceOf(IOException.class).hasMessageContaining("junk.pem");
        assertThatThrownBy(() -> Pem.privateKey(junk)).isInstanceOf(IOException.class).hasMessageContaining("junk.pem");
        Path badKey = Files.writeString(tmp.resolve("bad.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Pem.privateKey(badKey)).isInstanceOf(IOException.class).hasMessageContaining("bad.key");
        Path big = Files.write(tmp.resolve("big.crt"), new byte[Pem.MAX_FILE + 1]);
        assertThatThrownBy(() -> Pem.certificate(big)).isInstanceOf(IOException.class).hasMessageContaining("too large");
    }
}
