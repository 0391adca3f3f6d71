package io.ferry.trust;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * SignedFact is one statement node {@code origin} makes about itself, at {@code version} (a number
 * that only grows at the origin), of a {@code kind} (what the payload is: an address, an image binding,
 * a holding), over a canonical encoding of its content ({@code payload}), signed with the origin's key.
 * {@code certificate} is the origin's certificate (DER) the signature is checked against. Without TLS a
 * fact carries an empty signature and certificate and proves nothing (see {@link FactVerifier}).
 */
public record SignedFact(NodeId origin, String kind, long version, byte[] payload, byte[] signature,
                         byte[] certificate) {
    private static final String DOMAIN = "ferry-fact-v1";

    /**
     * The bytes the signature covers: a domain tag, the origin, the kind, the version and the payload,
     * each length-prefixed, so no two different facts share them.
     */
    public byte[] signedBytes() {
        return signedBytes(origin, kind, version, payload);
    }

    public static byte[] signedBytes(NodeId origin, String kind, long version, byte[] payload) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 96);
            DataOutputStream out = new DataOutputStream(b);
            out.writeUTF(DOMAIN);
            out.writeUTF(origin.value());
            out.writeUTF(kind);
            out.writeLong(version);
            out.writeInt(payload.length);
            out.write(payload);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
