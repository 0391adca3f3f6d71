package io.ferry.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * ImportResult summarises one import.
 *
 * @param holding "seed" (read in place from the file) or "copy" (chunks copied into the cache)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"name", "manifest_id", "size", "chunks", "zero_bytes", "holding", "manifest_bytes", "seconds"})
public record ImportResult(String name, String manifestId, long size, int chunks, long zeroBytes, String holding,
                           long manifestBytes, double seconds) {
}
