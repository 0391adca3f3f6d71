package io.ferry.trust;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * CertificateAuthority is the cluster's CA on disk, as {@code ferry ca} uses it: {@link #init} makes one
 * (EC P-256, self-signed, ten years) in {@code ca.crt} and {@code ca.key}; {@link #issue} writes one
 * node's credentials ({@code ca.crt}, {@code node.crt}, {@code node.key}) into a directory of their own,
 * which is what {@link Credentials#load} reads. The CA's key never leaves its directory. Files are never
 * overwritten: both refuse a directory that holds anything. The certificate layout is described in
 * {@link Certificates}.
 *
 * <p>BouncyCastle only builds and encodes the certificates; keys are made and signatures computed by the
 * JDK's providers (no BouncyCastle provider is registered).
 */
public final class CertificateAuthority {
    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String NODE_CERT = "node.crt";
    public static final String NODE_KEY = "node.key";
    public static final int DEFAULT_DAYS = 365;
    static final Duration CA_VALIDITY = Duration.ofDays(3653);
    /** Certificates start an hour back, so a node whose clock is a little behind the CA's accepts them at once. */
    static final Duration SKEW = Duration.ofHours(1);
    private static final String SIGNATURE = "SHA256withECDSA";

    /** What one run made: the new certificate and the files written, in order. */
    public record Written(X509Certificate certificate, List<Path> files) {
    }

    private CertificateAuthority() {
    }

    /** Makes a CA in {@code caDir}: created (mode 0700) unless it is an existing empty directory. */
    public static Written init(Path caDir) throws IOException {
        return init(caDir, Clock.systemUTC());
    }

    static Written init(Path caDir, Clock clock) throws IOException {
        SecureRandom random = new SecureRandom();
        KeyPair pair = keyPair(random);
        // a random part in the name tells clusters' CAs apart in logs and lets TLS pick the right certificate
        byte[] tag = new byte[4];
        random.nextBytes(tag);
        X500Principal name = new X500Principal("CN=ferry cluster CA " + HexFormat.of().formatHex(tag));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(random),
                    Date.from(now.minus(SKEW)), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(b, pair.getPrivate());
            NewFiles.emptyDirectory(caDir, "a CA");
            return write(cert, List.of(
                    new Out(caDir.resolve(CA_KEY), pem(new JcaPKCS8Generator(pair.getPrivate(), null)), true),
                    new Out(caDir.resolve(CA_CERT), pem(cert), false)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make a CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Issues a certificate to node {@code id} (at {@code site}, null for none, with {@code role}) valid for
     * {@code days}, and writes it, its new key and the CA's certificate into {@code outDir}: created (mode
     * 0700) unless it is an existing empty directory. IllegalArgumentException for a bad site or validity.
     */
    public static Written issue(Path caDir, NodeId id, String site, Role role, int days, Path outDir)
            throws IOException {
        return issue(caDir, id, site, role, days, outDir, Clock.systemUTC());
    }

    static Written issue(Path caDir, NodeId id, String site, Role role, int days, Path outDir, Clock clock)
            throws IOException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        if (site != null) {
            Site.check(site);
        }
        if (days < 1) {
            throw new IllegalArgumentException("a certificate is valid for at least 1 day, not " + days);
        }
        X509Certificate ca = Pem.certificate(caDir.resolve(CA_CERT));
        PrivateKey caKey = Pem.privateKey(caDir.resolve(CA_KEY));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(Duration.ofDays(days));
        if (notAfter.isAfter(ca.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("the CA expires on " + ca.getNotAfter().toInstant() + ": " + days
                    + " days would outlast it");
        }
        SecureRandom random = new SecureRandom();
        KeyPair pair = keyPair(random);
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, Certificates.ROLE_URI + role.word()));
        if (site != null) {
            names.add(new GeneralName(GeneralName.uniformResourceIdentifier, Certificates.SITE_URI + site));
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(random),
                    Date.from(now.minus(SKEW)), Date.from(notAfter), new X500Principal("CN=" + id.value()),
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            X509Certificate cert = sign(b, caKey);
            try {
                cert.verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new IOException(caDir.resolve(CA_KEY) + " is not the key of " + caDir.resolve(CA_CERT), e);
            }
            NewFiles.emptyDirectory(outDir, "credentials");
            return write(cert, List.of(
                    new Out(outDir.resolve(CA_CERT), pem(ca), false),
                    new Out(outDir.resolve(NODE_KEY), pem(new JcaPKCS8Generator(pair.getPrivate(), null)), true),
                    new Out(outDir.resolve(NODE_CERT), pem(cert), false)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot issue a certificate: " + e.getMessage(), e);
        }
    }

    private record Out(Path file, String pem, boolean secret) {
    }

    private static Written write(X509Certificate cert, List<Out> outs) throws IOException {
        List<Path> written = new ArrayList<>();
        try {
            for (Out o : outs) {
                NewFiles.write(o.file(), o.pem(), o.secret());
                written.add(o.file());
            }
        } catch (IOException e) {
            NewFiles.remove(written, e);
            throw e;
        }
        return new Written(cert, List.copyOf(written));
    }

    private static KeyPair keyPair(SecureRandom random) throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /** Random, positive, at most 16 bytes: RFC 5280 asks for unique serials of up to 20. */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    }

    private static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }
}
