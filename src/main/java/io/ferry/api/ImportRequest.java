package io.ferry.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What {@code import} is asked to do.
 *
 * @param chunker null: the default chunker; {@code avg} null: its default average size
 * @param sha256  also compute the whole image's SHA-256 and record it in the manifest
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImportRequest(String file, String name, boolean copy, String chunker, Integer avg, boolean sha256) {
    /** An import without the whole-image SHA-256. */
    public ImportRequest(String file, String name, boolean copy, String chunker, Integer avg) {
        this(file, name, copy, chunker, avg, false);
    }
}
