package io.ferry.assemble;

import java.util.Map;

/** AssemblyResult says where an assembled image's bytes came from. */
public record AssemblyResult(long bytesTotal, long bytesZero, Map<Provenance, Long> bytesByOrigin, double seconds) {
    public long bytesFrom(Provenance o) {
        return bytesByOrigin.getOrDefault(o, 0L);
    }
}
