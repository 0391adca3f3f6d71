package io.ferry.manifest;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** The one spelling of a SHA-256 that manifest ids and image digests share: 64 lower-case hex digits. */
final class Sha256Hex {
    static final int BYTES = 32;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private Sha256Hex() {
    }

    /** {@code hex} itself when it is 64 lower-case hex digits; IllegalArgumentException naming {@code what} otherwise. */
    static String check(String hex, String what) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException(what + " is 64 hex digits (lower-case), got '" + hex + "'");
        }
        return hex;
    }

    /** The hex form of a 32-byte digest. */
    static String format(byte[] sha256, String what) {
        if (sha256.length != BYTES) {
            throw new IllegalArgumentException(what + " is 32 bytes, got " + sha256.length);
        }
        return HexFormat.of().formatHex(sha256);
    }

    static byte[] parse(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
