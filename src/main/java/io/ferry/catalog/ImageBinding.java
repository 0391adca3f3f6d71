package io.ferry.catalog;

import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestId;

/**
 * ImageBinding is the payload of a {@code binding} fact: its publisher (the node that imported the
 * image) says that image {@code name} is manifest {@code manifestId}, of {@code size} bytes whose
 * SHA-256 is {@code sha256} (null when the publisher did not compute it). Other nodes relay the publisher's signed fact unchanged; which binding of
 * a name counts is decided by policy and the publisher's version, never by how many nodes relay it.
 *
 * <p>Encoding: {@code u16 length, UTF-8 name | 32 bytes manifest id | u64 size | 32 bytes SHA-256}, the
 * SHA-256 left out when there is none (a binding with one is what the previous release signed).
 */
public record ImageBinding(String name, ManifestId manifestId, long size, ImageDigest sha256) {
    public static final String KIND = "binding";

    public ImageBinding {
        Manifest.checkName(name);
        if (manifestId == null || size < 0) {
            throw new IllegalArgumentException("a binding needs a manifest id and a size of at least 0");
        }
    }

    /** The binding of {@code m} (under its name) to its id {@code id}. */
    public static ImageBinding of(Manifest m, ManifestId id) {
        return new ImageBinding(m.name(), id, m.size(), m.digest());
    }

    /** Whether manifest {@code m} is what this binding describes (size and whole-image digest). */
    public boolean describes(Manifest m) {
        return m.size() == size && java.util.Objects.equals(m.digest(), sha256);
    }

    public byte[] encode() {
        FactWriter w = new FactWriter().string(name).fixed(manifestId.bytes(), 32).u64(size);
        return (sha256 == null ? w : w.fixed(sha256.bytes(), 32)).toBytes();
    }

    public static ImageBinding decode(byte[] payload) throws FactFormatException {
        FactReader r = new FactReader(payload, "a binding fact");
        String name = r.string(128);
        byte[] id = r.fixed(32);
        long size = r.u64();
        byte[] digest = r.remaining() == 0 ? null : r.fixed(32);
        r.end();
        try {
            return new ImageBinding(name, ManifestId.of(id), size, digest == null ? null : ImageDigest.of(digest));
        } catch (IllegalArgumentException e) {
            throw r.invalid(e.getMessage());
        }
    }
}
