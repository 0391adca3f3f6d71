package io.ferry.manifest;

import java.io.IOException;

/** ManifestFormatException says why bytes are not a valid manifest: truncated, garbled or inconsistent. */
public final class ManifestFormatException extends IOException {
    public ManifestFormatException(String message) {
        super(message);
    }
}
