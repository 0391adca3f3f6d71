package io.ferry.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * ImportResult summarises one import.
 *
 * @param holding "seed" (read in place from the file) or "copy" (chunks copied into the cache)
 * @param sha256  the whole image's SHA-256 when asked for ({@code import --sha256}); null otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"name", "manifest_id", "size", "chunks", "zero_bytes", "holding", "manifest_bytes", "seconds", "sha256"})
public record ImportResult(String name, String manifestId, long size, int chunks, long zeroBytes, String holding,
                           long manifestBytes, double seconds, String sha256) {
}
