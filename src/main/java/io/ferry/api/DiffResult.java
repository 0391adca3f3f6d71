package io.ferry.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * DiffResult compares image B to image A as a delivery of B to a node holding A would see it. The four
 * byte counts add up to B's size.
 *
 * @param sharedBytes    bytes of B whose chunk A also has
 * @param uniqueBytes    bytes of B's distinct chunks that A lacks: what would have to move
 * @param repeatedBytes  further occurrences within B of chunks counted in {@code uniqueBytes}
 * @param zeroBytes      B's all-zero bytes, which never move
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"a", "b", "size_b", "shared_bytes", "unique_bytes", "unique_chunks", "repeated_bytes", "zero_bytes"})
public record DiffResult(String a, String b, long sizeB, long sharedBytes, long uniqueBytes, long repeatedBytes,
                         long zeroBytes, int uniqueChunks) {
}
