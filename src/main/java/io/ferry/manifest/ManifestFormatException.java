package io.ferry.manifest;

import io.ferry.util.Printable;
import java.io.IOException;

/**
 * ManifestFormatException says why bytes are not a valid manifest: truncated, garbled or inconsistent.
 * It is the one exception the manifest decoders ({@link ManifestCodec#decode}, {@link ManifestDelta})
 * throw for bad input, whatever the bytes.
 */
public final class ManifestFormatException extends IOException {
    /** {@code message} may quote the manifest (a name from a peer): it is made safe to print here, once. */
    public ManifestFormatException(String message) {
        super(Printable.safe(message));
    }
}
