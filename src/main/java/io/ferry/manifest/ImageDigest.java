package io.ferry.manifest;

/**
 * ImageDigest is the SHA-256 of a whole image, as {@code sha256sum} prints it: what an assembled image
 * is checked against. Not a chunk id, though both are SHA-256 digests.
 *
 * @param hex the 64 lower-case hex digits
 */
public record ImageDigest(String hex) {
    public ImageDigest {
        Sha256Hex.check(hex, "an image digest");
    }

    /** The digest whose 32 bytes are {@code sha256}. */
    public static ImageDigest of(byte[] sha256) {
        return new ImageDigest(Sha256Hex.format(sha256, "an image digest"));
    }

    public byte[] bytes() {
        return Sha256Hex.parse(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
