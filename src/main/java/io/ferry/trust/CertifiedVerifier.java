package io.ferry.trust;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * CertifiedVerifier checks facts against the cluster CA ({@link Authority}): the certificate in the fact
 * was issued by the CA to the fact's origin, is valid at the clock's time and not denied, and the
 * signature over {@link SignedFact#signedBytes} is that certificate's key's. Sizes are bounded before
 * anything is parsed, and every way a fact can be wrong ends in a {@link ForgedFactException}.
 *
 * <p>What was verified is remembered in bounded maps: a fact seen again (every exchange round) costs a
 * hash and a lookup, and a new fact under a known certificate skips parsing and checking the
 * certificate. Time and the deny list are checked on every call, remembered or not, so an expired or
 * newly denied certificate stops counting at once. Thread-safe.
 */
final class CertifiedVerifier implements FactVerifier {
    /** Ferry's node certificates are about 600 bytes; anything far larger is not one. */
    static final int MAX_CERTIFICATE = 4096;
    /** A DER ECDSA P-256 signature is at most 72 bytes. */
    static final int MAX_SIGNATURE = 128;
    static final int MAX_KIND = 256;
    private static final int FACTS = 16_384;
    private static final int CERTIFICATES = 1024;

    private record Certified(Identity who, X509Certificate certificate) {
    }

    private final Authority authority;
    private final DenyList deny;
    private final Clock clock;
    private final Lru<String, Certified> facts = new Lru<>(FACTS);
    private final Lru<String, Certified> certificates = new Lru<>(CERTIFICATES);

    CertifiedVerifier(Authority authority, DenyList deny, Clock clock) {
        this.authority = authority;
        this.deny = deny;
        this.clock = clock;
    }

    @Override
    public Identity verify(SignedFact fact) throws ForgedFactException {
        checkShape(fact);
        String what = "fact " + Authority.printable(fact.kind()) + " v" + fact.version() + " from " + fact.origin();
        byte[] signed = fact.signedBytes();
        String key = key(fact, signed);
        Certified known = facts.get(key);
        if (known != null) {
            checkCurrent(known, what);
            return known.who();
        }
        Certified c = certified(fact.certificate(), what);
        if (!c.who().node().equals(fact.origin())) {
            throw new ForgedFactException(what + " is signed with the certificate of node " + c.who().node()
                    + ": a node states facts only about itself");
        }
        checkCurrent(c, what);
        boolean good;
        try {
            Signature s = Signature.getInstance(KeySigner.ALGORITHM);
            s.initVerify(c.certificate().getPublicKey());
            s.update(signed);
            good = s.verify(fact.signature());
        } catch (GeneralSecurityException | RuntimeException e) {
            // a malformed signature encoding is a SignatureException; RuntimeException so nothing else escapes
            throw new ForgedFactException(what + ": malformed signature (" + e.getMessage() + ")");
        }
        if (!good) {
            throw new ForgedFactException(what + ": the signature does not match its content");
        }
        facts.put(key, c);
        return c.who();
    }

    private static void checkShape(SignedFact fact) throws ForgedFactException {
        if (fact == null) {
            throw new ForgedFactException("no fact");
        }
        if (fact.origin() == null || fact.kind() == null || fact.payload() == null || fact.signature() == null
                || fact.certificate() == null) {
            throw new ForgedFactException("incomplete fact from " + fact.origin()
                    + ": origin, kind, payload, signature and certificate are all required");
        }
        String what = "fact from " + fact.origin();
        if (fact.kind().length() > MAX_KIND) {
            throw new ForgedFactException(what + ": its kind is " + fact.kind().length() + " characters long");
        }
        if (fact.signature().length == 0 || fact.certificate().length == 0) {
            throw new ForgedFactException(what + " is not signed (its origin runs without TLS)");
        }
        if (fact.certificate().length > MAX_CERTIFICATE) {
            throw new ForgedFactException(what + ": a certificate of " + fact.certificate().length + " bytes is not a "
                    + "ferry node's");
        }
        if (fact.signature().length > MAX_SIGNATURE) {
            throw new ForgedFactException(what + ": a signature of " + fact.signature().length + " bytes is not an "
                    + "ECDSA P-256 signature");
        }
    }

    /** The certificate in DER, parsed and certified, or remembered from an earlier fact. */
    private Certified certified(byte[] der, String what) throws ForgedFactException {
        String fingerprint = Certificates.fingerprint(der);
        Certified known = certificates.get(fingerprint);
        if (known != null) {
            return known;
        }
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            // the JDK's parser also takes PEM and ignores trailing bytes; a fact carries exactly one DER certificate
            if (!Arrays.equals(cert.getEncoded(), der)) {
                throw new CertificateException("not a single DER certificate");
            }
        } catch (CertificateException | RuntimeException e) {
            // RuntimeException: the JDK's DER parser has thrown unchecked exceptions on hostile input
            throw new ForgedFactException(what + ": unreadable certificate (" + e.getMessage() + ")");
        }
        try {
            Certified c = new Certified(authority.certify(cert), cert);
            certificates.put(fingerprint, c);
            return c;
        } catch (CertificateException e) {
            throw new ForgedFactException(what + ": " + e.getMessage());
        }
    }

    private void checkCurrent(Certified c, String what) throws ForgedFactException {
        try {
            authority.checkCurrent(c.who(), c.certificate(), clock.instant(), deny);
        } catch (CertificateException e) {
            throw new ForgedFactException(what + ": " + e.getMessage());
        }
    }

    /** What a remembered verification is found by: the certificate, the signature and what it covers. */
    private static String key(SignedFact fact, byte[] signed) {
        MessageDigest md = Certificates.sha256();
        for (byte[] part : new byte[][] {fact.certificate(), fact.signature(), signed}) {
            md.update(new byte[] {(byte) (part.length >>> 24), (byte) (part.length >>> 16), (byte) (part.length >>> 8),
                    (byte) part.length});
            md.update(part);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
