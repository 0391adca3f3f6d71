package io.ferry.assemble;

import io.ferry.store.Origin;
import java.util.Map;

/** AssemblyResult says where an assembled image's bytes came from. */
public record AssemblyResult(long bytesTotal, long bytesZero, Map<Origin, Long> bytesByOrigin, double seconds) {
    public long bytesFrom(Origin o) {
        return bytesByOrigin.getOrDefault(o, 0L);
    }
}
