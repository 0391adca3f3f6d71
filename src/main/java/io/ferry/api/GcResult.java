package io.ferry.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * GcResult counts what a collection or eviction removed from the cache and what remains, and how many
 * manifest files no image here or on a known peer still needed.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GcResult(int removedChunks, long removedBytes, int keptChunks, long keptBytes, int removedManifests) {
    public GcResult withRemovedManifests(int n) {
        return new GcResult(removedChunks, removedBytes, keptChunks, keptBytes, n);
    }
}
