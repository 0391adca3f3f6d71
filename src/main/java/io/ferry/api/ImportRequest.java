package io.ferry.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What {@code import} is asked to do.
 *
 * @param chunker null: the default chunker; {@code avg} null: its default average size
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImportRequest(String file, String name, boolean copy, String chunker, Integer avg) {
}
