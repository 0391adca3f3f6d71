package io.ferry.trust;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * Authority judges certificates against the cluster CA, the one trust anchor: a node certificate is
 * accepted only when this CA signed it, it is not itself a CA, it carries no critical extension ferry
 * does not know, it may sign (key usage digitalSignature), it names a node ({@link Certificates}), it is
 * valid at the time asked about, and its node and fingerprint are not denied. The TLS trust manager and
 * the fact verifier both ask here, so a certificate is good for both or for neither.
 *
 * <p>The checks are split in two: {@link #certify} does not depend on time or the deny list, so its
 * result may be remembered; {@link #checkCurrent} is cheap and is asked on every use.
 */
final class Authority {
    /** keyUsage, basicConstraints, extendedKeyUsage, subjectAltName: what ferry's CA marks critical or may. */
    private static final Set<String> KNOWN_CRITICAL = Set.of("2.5.29.15", "2.5.29.19", "2.5.29.37", "2.5.29.17");
    private static final int DIGITAL_SIGNATURE = 0;

    private final X509Certificate ca;

    Authority(X509Certificate ca) {
        this.ca = ca;
    }

    X509Certificate certificate() {
        return ca;
    }

    /** Who {@code leaf} names, when this CA issued it to a node; CertificateException saying why not otherwise. */
    Identity certify(X509Certificate leaf) throws CertificateException {
        Certificates.requireCanonical(leaf);
        if (leaf.getBasicConstraints() != -1) {
            throw new CertificateException("certificate " + subject(leaf) + " is a CA's, not a node's");
        }
        if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new CertificateException("certificate " + subject(leaf) + " was issued by "
                    + printable(leaf.getIssuerX500Principal().getName()) + ", not by this cluster's CA "
                    + printable(ca.getSubjectX500Principal().getName()));
        }
        try {
            leaf.verify(ca.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            // RuntimeException too: a hostile encoding must not escape as anything but a refusal
            throw new CertificateException("certificate " + subject(leaf) + " was not signed by this cluster's CA", e);
        }
        Set<String> critical = leaf.getCriticalExtensionOIDs();
        if (critical != null && !KNOWN_CRITICAL.containsAll(critical)) {
            throw new CertificateException("certificate " + subject(leaf) + " has critical extensions ferry does not "
                    + "know: " + critical);
        }
        boolean[] usage = leaf.getKeyUsage();
        if (usage == null || usage.length <= DIGITAL_SIGNATURE || !usage[DIGITAL_SIGNATURE]) {
            throw new CertificateException("certificate " + subject(leaf) + " is not for digital signatures");
        }
        return Certificates.identity(leaf);
    }

    /** Refuses {@code leaf} (certified as {@code who}) when it or the CA is not valid at {@code now}, or it is denied. */
    void checkCurrent(Identity who, X509Certificate leaf, Instant now, DenyList deny) throws CertificateException {
        Date at = Date.from(now);
        if (at.after(ca.getNotAfter())) {
            throw new CertificateExpiredException("the cluster CA's certificate expired on " + ca.getNotAfter().toInstant());
        }
        if (at.after(leaf.getNotAfter())) {
            throw new CertificateExpiredException("the certificate of " + who.describe() + " expired on "
                    + leaf.getNotAfter().toInstant());
        }
        if (at.before(leaf.getNotBefore())) {
            throw new CertificateNotYetValidException("the certificate of " + who.describe() + " is not valid before "
                    + leaf.getNotBefore().toInstant());
        }
        if (deny.denies(who)) {
            throw new CertificateException(who.describe() + " (certificate " + who.fingerprint() + ") is denied");
        }
    }

    private static String subject(X509Certificate cert) {
        return printable(cert.getSubjectX500Principal().getName());
    }

    /** A name from a certificate fit for one log line: peers choose these strings, so no control characters. */
    static String printable(String s) {
        String clean = s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }
}
