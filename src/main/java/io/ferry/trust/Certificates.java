package io.ferry.trust;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Certificates reads who a node certificate names. The layout, as {@link CertificateAuthority} writes it:
 * <ul>
 * <li>the subject's common name is the node id ({@code CN=node-7});
 * <li>the subject alternative names carry the rest as URIs: {@code urn:ferry:role:node} (or
 * {@code operator}), exactly one, and {@code urn:ferry:site:rack1}, at most one;
 * <li>the fingerprint is the SHA-256 of the certificate's DER encoding, in lower-case hex.
 * </ul>
 * URIs rather than extra name attributes because subject alternative names are where X.509 puts names
 * of things other than the subject's distinguished name, and every tool ({@code openssl x509 -text})
 * prints them. Reading checks names only; whether the CA issued the certificate is for the caller.
 */
public final class Certificates {
    static final String SITE_URI = "urn:ferry:site:";
    static final String ROLE_URI = "urn:ferry:role:";
    private static final String FERRY_URI = "urn:ferry:";
    private static final int URI_NAME = 6;

    private Certificates() {
    }

    /**
     * The identity {@code cert} names, {@code verified} (the caller has checked that the cluster CA
     * issued it); CertificateParsingException when it does not name a node the way ferry's CA does.
     */
    public static Identity identity(X509Certificate cert) throws CertificateParsingException {
        NodeId node = commonName(cert.getSubjectX500Principal());
        String site = null;
        Role role = null;
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        for (List<?> name : names == null ? List.<List<?>>of() : names) {
            if (!(name.get(0) instanceof Integer type) || type != URI_NAME || !(name.get(1) instanceof String uri)
                    || !uri.startsWith(FERRY_URI)) {
                continue;
            }
            try {
                if (uri.startsWith(SITE_URI)) {
                    site = once(site, Site.check(uri.substring(SITE_URI.length())), "site");
                } else if (uri.startsWith(ROLE_URI)) {
                    role = once(role, Role.parse(uri.substring(ROLE_URI.length())), "role");
                } else {
                    throw new IllegalArgumentException("unknown name " + uri);
                }
            } catch (IllegalArgumentException e) {
                throw new CertificateParsingException("certificate of node " + node + ": " + e.getMessage());
            }
        }
        if (role == null) {
            throw new CertificateParsingException("certificate of node " + node + " carries no " + ROLE_URI
                    + " name: not one ferry ca issued");
        }
        return new Identity(node, site, role, fingerprint(cert), true);
    }

    /**
     * Refuses a certificate whose bytes are not the one DER encoding of what it says. The JDK's parser is
     * lenient in places the CA's signature does not cover (the unused-bits count of the signature's BIT
     * STRING, found by FactVerifierPropertiesTest): such a certificate verifies as the original but has
     * another fingerprint, so a node denied by fingerprint could present it as a stranger.
     */
    static void requireCanonical(X509Certificate cert) throws CertificateException {
        byte[] der = cert.getEncoded();
        try {
            org.bouncycastle.asn1.x509.Certificate c = org.bouncycastle.asn1.x509.Certificate.getInstance(
                    org.bouncycastle.asn1.ASN1Primitive.fromByteArray(der));
            if (c.getSignature().getPadBits() != 0
                    || !java.util.Arrays.equals(c.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER), der)) {
                throw new CertificateException("certificate is not in canonical DER");
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new CertificateException("certificate is not DER: " + e.getMessage());
        }
    }

    /** The SHA-256 of the certificate's DER encoding, lower-case hex without colons. */
    public static String fingerprint(X509Certificate cert) throws CertificateParsingException {
        try {
            return fingerprint(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new CertificateParsingException("certificate cannot be encoded: " + e.getMessage());
        }
    }

    /** The SHA-256 of {@code der}, lower-case hex without colons. */
    public static String fingerprint(byte[] der) {
        return HexFormat.of().formatHex(sha256().digest(der));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static NodeId commonName(X500Principal subject) throws CertificateParsingException {
        NodeId found = null;
        try {
            for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    if (found != null || !(rdn.getValue() instanceof String cn)) {
                        throw new CertificateParsingException("subject " + subject + " must hold one common name");
                    }
                    found = NodeId.of(cn);
                }
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            throw new CertificateParsingException("subject " + subject + ": " + e.getMessage());
        }
        if (found == null) {
            throw new CertificateParsingException("subject " + subject + " has no common name (the node id)");
        }
        return found;
    }

    private static <T> T once(T before, T value, String what) {
        if (before != null) {
            throw new IllegalArgumentException("more than one " + what);
        }
        return value;
    }
}
