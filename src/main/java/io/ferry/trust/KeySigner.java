package io.ferry.trust;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;

/**
 * KeySigner signs this node's facts with its private key (SHA256withECDSA over
 * {@link SignedFact#signedBytes}) and puts its certificate in each, so any node holding the cluster CA's
 * certificate can check them. Thread-safe: a Signature is made per fact, since one is not.
 */
final class KeySigner implements FactSigner {
    static final String ALGORITHM = "SHA256withECDSA";

    private final NodeId self;
    private final PrivateKey key;
    private final byte[] certificate;

    KeySigner(NodeId self, PrivateKey key, byte[] certificate) {
        this.self = self;
        this.key = key;
        this.certificate = certificate.clone();
    }

    @Override
    public NodeId self() {
        return self;
    }

    @Override
    public SignedFact sign(String kind, long version, byte[] payload) {
        Objects.requireNonNull(kind, "kind");
        byte[] content = payload.clone();
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(SignedFact.signedBytes(self, kind, version, content));
            return new SignedFact(self, kind, version, content, s.sign(), certificate.clone());
        } catch (GeneralSecurityException e) {
            // the key was checked against the certificate when the credentials were loaded
            throw new IllegalStateException("cannot sign with " + self + "'s key: " + e.getMessage(), e);
        }
    }
}
