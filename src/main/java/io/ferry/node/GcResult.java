package io.ferry.node;

/**
 * GcResult counts what a collection or eviction removed from the cache and what remains, and how many
 * manifest files no image here or on a known peer still needed.
 */
public record GcResult(int removedChunks, long removedBytes, int keptChunks, long keptBytes, int removedManifests) {
    GcResult withRemovedManifests(int n) {
        return new GcResult(removedChunks, removedBytes, keptChunks, keptBytes, n);
    }
}
