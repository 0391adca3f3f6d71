package io.ferry.testing;

import io.ferry.trust.FactSigner;
import io.ferry.trust.FactVerifier;
import io.ferry.trust.ForgedFactException;
import io.ferry.trust.Identity;
import io.ferry.trust.NodeId;
import io.ferry.trust.Role;
import io.ferry.trust.SignedFact;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TestCa is a cluster CA for tests only: an EC P-256 key, certificates for nodes (common name = node id)
 * made with the JDK and BouncyCastle, a {@link FactSigner} per node and a {@link FactVerifier} that
 * accepts a fact only when its certificate was issued by this CA, is valid by the clock, names the
 * fact's origin, and the signature over {@link SignedFact#signedBytes()} checks. It stands in for
 * {@code Credentials} until that is built; it caches nothing.
 */
public final class TestCa {
    /** A node's key and certificate. */
    public record Issued(KeyPair key, X509Certificate certificate) {
    }

    private final KeyPair key;
    private final X509Certificate certificate;
    private final Clock clock;
    private final AtomicLong serial = new AtomicLong(1);
    private final Map<NodeId, Issued> issued = new ConcurrentHashMap<>();
    private final AtomicLong verifications = new AtomicLong();

    public TestCa(String name, Clock clock) {
        this.clock = clock;
        try {
            this.key = newKey();
            this.certificate = build(name, key, key, true, clock.instant().minus(Duration.ofDays(1)),
                    clock.instant().plus(Duration.ofDays(3650)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public TestCa() {
        this("test-ca", Clock.systemUTC());
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private X509Certificate build(String cn, KeyPair subject, KeyPair issuer, boolean ca, Instant from, Instant to)
            throws GeneralSecurityException {
        try {
            X500Name issuerName = ca ? new X500Name("CN=" + cn) : new JcaX509CertificateHolder(certificate).getSubject();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(serial.getAndIncrement()),
                    Date.from(from), Date.from(to), new X500Name("CN=" + cn), subject.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (GeneralSecurityException e) {
            throw e;
        } catch (Exception e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** The key and certificate of {@code node} (made once). */
    public Issued issue(NodeId node) {
        return issued.computeIfAbsent(node, n -> issue(n, clock.instant().minus(Duration.ofHours(1)),
                clock.instant().plus(Duration.ofDays(365))));
    }

    /** A fresh key and certificate for {@code node}, valid from {@code from} to {@code to}. */
    public Issued issue(NodeId node, Instant from, Instant to) {
        try {
            KeyPair k = newKey();
            return new Issued(k, build(node.value(), k, key, false, from, to));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs as {@code node} with its own key and certificate. */
    public FactSigner signer(NodeId node) {
        return signer(node, issue(node));
    }

    /**
     * Signs facts naming {@code origin} with {@code with}'s key and certificate: the real signer when
     * they are origin's, a forgery otherwise.
     */
    public static FactSigner signer(NodeId origin, Issued with) {
        return new FactSigner() {
            @Override
            public NodeId self() {
                return origin;
            }

            @Override
            public SignedFact sign(String kind, long version, byte[] payload) {
                try {
                    Signature s = Signature.getInstance("SHA256withECDSA");
                    s.initSign(with.key().getPrivate());
                    s.update(SignedFact.signedBytes(origin, kind, version, payload));
                    return new SignedFact(origin, kind, version, payload.clone(), s.sign(), with.certificate().getEncoded());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** How many facts this CA's verifiers have checked. */
    public long verifications() {
        return verifications.get();
    }

    /**
     * Accepts a fact only if this CA vouches for its origin's certificate and the signature checks. Like
     * the real verifier, it remembers facts it accepted (by a digest of all they are), so a fact seen
     * again costs a lookup; {@link #verifications()} counts the checks actually made.
     */
    public FactVerifier verifier() {
        Map<String, Accepted> accepted = new ConcurrentHashMap<>();
        return fact -> {
            String key = digest(fact);
            Accepted known = accepted.get(key);
            if (known != null) {
                if (clock.instant().isAfter(known.until())) {
                    throw new ForgedFactException("the certificate of " + fact.origin() + " expired");
                }
                return known.who();
            }
            Accepted a = check(fact);
            accepted.put(key, a);
            return a.who();
        };
    }

    /** A fact that checked out, and until when its certificate is valid (the clock moves in tests). */
    private record Accepted(Identity who, Instant until) {
    }

    private static String digest(SignedFact f) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(f.signedBytes());
            d.update(Integer.toString(f.signature().length).getBytes());
            d.update(f.signature());
            d.update(f.certificate());
            return HexFormat.of().formatHex(d.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Certificates this CA issued, by their bytes: checked once. */
    private final Map<String, X509Certificate> known = new ConcurrentHashMap<>();

    private X509Certificate issuedHere(byte[] der) throws GeneralSecurityException {
        String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        X509Certificate cert = known.get(key);
        if (cert == null) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            cert.verify(certificate.getPublicKey());
            known.put(key, cert);
        }
        return cert;
    }

    private Accepted check(SignedFact fact) throws ForgedFactException {
        verifications.incrementAndGet();
        try {
            X509Certificate cert = issuedHere(fact.certificate());
            cert.checkValidity(Date.from(clock.instant()));
            String cn = IETFUtils.valueToString(new JcaX509CertificateHolder(cert).getSubject().getRDNs(BCStyle.CN)[0]
                    .getFirst().getValue());
            if (!cn.equals(fact.origin().value())) {
                throw new ForgedFactException("the certificate is " + cn + "'s, the fact names " + fact.origin());
            }
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(cert.getPublicKey());
            s.update(fact.signedBytes());
            if (!s.verify(fact.signature())) {
                throw new ForgedFactException("the signature does not match the fact");
            }
            String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fact.certificate()));
            return new Accepted(new Identity(fact.origin(), null, Role.NODE, fingerprint, true), cert.getNotAfter().toInstant());
        } catch (ForgedFactException e) {
            throw e;
        } catch (Exception e) {
            throw new ForgedFactException("the fact does not check out: " + e);
        }
    }
}
