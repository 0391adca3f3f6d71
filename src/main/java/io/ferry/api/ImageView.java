package io.ferry.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One image as {@code ls} shows it; {@code seedFile} is null for an image held in the cache. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImageView(String name, long size, String sha256, String manifestId, String holding, String seedFile) {
}
