package io.ferry.assemble;

import io.ferry.manifest.ImageDigest;
import java.util.Map;

/**
 * AssemblyResult says where an assembled image's bytes came from.
 *
 * @param sha256 the whole image's SHA-256 when it was asked for; null otherwise
 */
public record AssemblyResult(long bytesTotal, long bytesZero, Map<Provenance, Long> bytesByOrigin, ImageDigest sha256,
                             double seconds) {
    public long bytesFrom(Provenance o) {
        return bytesByOrigin.getOrDefault(o, 0L);
    }
}
