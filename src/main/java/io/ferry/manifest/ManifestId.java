package io.ferry.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * ManifestId names a manifest: the SHA-256 of its encoded bytes ({@link ManifestCodec#id}). Files,
 * URLs and JSON carry it as its 64 lower-case hex digits, and only those are accepted, so an id can
 * never smuggle a path or another spelling of the same manifest.
 *
 * @param hex the 64 lower-case hex digits
 */
public record ManifestId(String hex) {
    public ManifestId {
        Sha256Hex.check(hex, "a manifest id");
    }

    /** Parses 64 lower-case hex digits; IllegalArgumentException for anything else. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ManifestId parse(String hex) {
        return new ManifestId(hex);
    }

    /** The id whose 32 bytes are {@code sha256}. */
    public static ManifestId of(byte[] sha256) {
        return new ManifestId(Sha256Hex.format(sha256, "a manifest id"));
    }

    public byte[] bytes() {
        return Sha256Hex.parse(hex);
    }

    @JsonValue
    @Override
    public String toString() {
        return hex;
    }
}
