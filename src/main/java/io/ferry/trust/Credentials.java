package io.ferry.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLContext;

/**
 * Credentials are what {@code ferry ca issue} wrote for one node: the cluster CA's certificate, the
 * node's certificate and its private key. STUB: the trust work fills this in.
 */
public final class Credentials {
    private Credentials() {
    }

    /** Loads {@code dir/ca.crt}, {@code dir/node.crt} and {@code dir/node.key}; a clear error naming the file otherwise. */
    public static Credentials load(Path dir) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Who these credentials say this node is. */
    public Identity identity() {
        throw new UnsupportedOperationException("not yet");
    }

    public X509Certificate certificate() {
        throw new UnsupportedOperationException("not yet");
    }

    public X509Certificate authority() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The identity a certificate the cluster CA issued names (the TLS context checked the chain already). */
    public Identity identify(X509Certificate certificate) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Signs this node's facts with its key. */
    public FactSigner signer() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Checks facts against the cluster CA, the clock and the deny list. */
    public FactVerifier verifier(DenyList deny, Clock clock) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * TLS 1.3 only, this node's certificate offered, and only certificates the cluster CA issued, valid
     * now and not denied, accepted from the other side (used for both client and server; servers require
     * the client's certificate).
     */
    public SSLContext context(DenyList deny, Clock clock) {
        throw new UnsupportedOperationException("not yet");
    }
}
