package io.ferry.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials are what {@code ferry ca issue} wrote for one node: the cluster CA's certificate, the
 * node's certificate and its private key. Loading checks that they belong together (the CA issued the
 * certificate, the key is the certificate's), so a node never starts with credentials no peer would
 * accept. From them come this node's {@link Identity}, the signer of its facts, the verifier of other
 * nodes' facts and the TLS context; all of them trust the cluster CA alone. Immutable and thread-safe.
 */
public final class Credentials {
    private static final Logger log = LoggerFactory.getLogger(Credentials.class);
    /** The key store below lives only in memory, but the JDK's PKCS#12 store wants a password. */
    private static final char[] IN_MEMORY = "ferry".toCharArray();

    private final Authority authority;
    private final X509Certificate certificate;
    private final byte[] der;
    private final PrivateKey key;
    private final Identity identity;
    private final KeyManagerFactory keys;

    private Credentials(Authority authority, X509Certificate certificate, PrivateKey key, Identity identity)
            throws GeneralSecurityException {
        this.authority = authority;
        this.certificate = certificate;
        this.der = certificate.getEncoded();
        this.key = key;
        this.identity = identity;
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot make an empty key store", e);
        }
        store.setKeyEntry("node", key, IN_MEMORY, new Certificate[] {certificate});
        this.keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, IN_MEMORY);
    }

    /** Loads {@code dir/ca.crt}, {@code dir/node.crt} and {@code dir/node.key}; a clear error naming the file otherwise. */
    public static Credentials load(Path dir) throws IOException {
        Path caFile = dir.resolve(CertificateAuthority.CA_CERT);
        Path certFile = dir.resolve(CertificateAuthority.NODE_CERT);
        Path keyFile = dir.resolve(CertificateAuthority.NODE_KEY);
        X509Certificate ca = Pem.certificate(caFile);
        X509Certificate cert = Pem.certificate(certFile);
        PrivateKey key = Pem.privateKey(keyFile);
        if (ca.getBasicConstraints() < 0) {
            throw new IOException(caFile + ": not a CA certificate");
        }
        Authority authority = new Authority(ca);
        Identity identity;
        try {
            identity = authority.certify(cert);
        } catch (CertificateException e) {
            throw new IOException(certFile + ": " + e.getMessage(), e);
        }
        if (!keyMatches(key, cert)) {
            throw new IOException(keyFile + " is not the key of the certificate in " + certFile);
        }
        warnIfReadableByOthers(keyFile);
        try {
            return new Credentials(authority, cert, key, identity);
        } catch (GeneralSecurityException e) {
            throw new IOException(dir + ": cannot use these credentials for TLS: " + e.getMessage(), e);
        }
    }

    /** Who these credentials say this node is. */
    public Identity identity() {
        return identity;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public X509Certificate authority() {
        return authority.certificate();
    }

    /** The identity a certificate the cluster CA issued names (the TLS context checked the chain already). */
    public Identity identify(X509Certificate certificate) {
        try {
            return Certificates.identity(certificate);
        } catch (java.security.cert.CertificateParsingException e) {
            throw new IllegalArgumentException("not a certificate of this cluster: " + e.getMessage(), e);
        }
    }

    /** Signs this node's facts with its key. */
    public FactSigner signer() {
        return new KeySigner(identity.node(), key, der);
    }

    /** Checks facts against the cluster CA, the clock and the deny list. */
    public FactVerifier verifier(DenyList deny, Clock clock) {
        return new CertifiedVerifier(authority, deny, clock);
    }

    /**
     * TLS 1.3 only, this node's certificate offered, and only certificates the cluster CA issued, valid
     * now and not denied, accepted from the other side (used for both client and server; servers require
     * the client's certificate).
     */
    public SSLContext context(DenyList deny, Clock clock) {
        try {
            return TlsContext.create(keys.getKeyManagers(), trustManager(deny, clock));
        } catch (GeneralSecurityException e) {
            // every JDK 17 has TLS 1.3, and the key material was accepted when these credentials were loaded
            throw new IllegalStateException("cannot make a TLS 1.3 context: " + e.getMessage(), e);
        }
    }

    /**
     * This node's key and certificate, for a TLS stack that builds its own context (Netty's
     * {@code SslContextBuilder.forServer(keyManagerFactory())}, with the JDK or OpenSSL provider).
     */
    public KeyManagerFactory keyManagerFactory() {
        return keys;
    }

    /**
     * What {@link #context} trusts, for a TLS stack that builds its own context: such a caller must also
     * require client certificates and enable TLS 1.3 alone ({@code clientAuth(REQUIRE)},
     * {@code protocols("TLSv1.3")}), which {@link #context} does by itself.
     */
    public X509ExtendedTrustManager trustManager(DenyList deny, Clock clock) {
        return new CaTrustManager(authority, deny, clock);
    }

    private static boolean keyMatches(PrivateKey key, X509Certificate cert) {
        byte[] probe = "ferry: does this key belong to this certificate".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature s = Signature.getInstance(KeySigner.ALGORITHM);
            s.initSign(key);
            s.update(probe);
            byte[] signature = s.sign();
            s.initVerify(cert.getPublicKey());
            s.update(probe);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void warnIfReadableByOthers(Path keyFile) throws IOException {
        if (!keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
        if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
            log.warn("{} is readable by users other than its owner; chmod 600 it", keyFile);
        }
    }
}
