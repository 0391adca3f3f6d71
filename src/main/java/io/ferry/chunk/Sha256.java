package io.ferry.chunk;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Sha256 makes SHA-256 digests; each instance is for one thread (MessageDigest is not thread-safe). */
public final class Sha256 {
    private final MessageDigest md;

    public Sha256() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    public ChunkId digest(byte[] data, int off, int len) {
        md.update(data, off, len);
        return ChunkId.of(md.digest());
    }

    /** Digests the remaining bytes of {@code data}, leaving its position at its limit. */
    public ChunkId digest(ByteBuffer data) {
        md.update(data);
        return ChunkId.of(md.digest());
    }

    public MessageDigest raw() {
        return md;
    }
}
