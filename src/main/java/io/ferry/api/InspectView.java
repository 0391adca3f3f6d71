package io.ferry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * InspectView is an image's manifest for people and scripts.
 *
 * @param manifestBytes the size of the encoded manifest
 * @param chunkList     every chunk, only when asked for
 * @param seedFile      the file a seed image is read from; null for an image held in the cache
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InspectView(String name, long size, String sha256, String manifestId, long manifestBytes,
                          Chunker chunker, int chunks, int zeroChunks, long zeroBytes,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<Chunk> chunkList, String holding,
                          String seedFile) {
    /** The chunking an image was cut with. */
    public record Chunker(String kind, int min, int avg, int max) {
    }

    /** One chunk; {@code zero} is present (true) only for an all-zero chunk. */
    public record Chunk(long offset, int length, String id, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean zero) {
    }
}
