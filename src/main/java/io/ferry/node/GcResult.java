package io.ferry.node;

/** GcResult counts what a collection or eviction removed from the cache and what remains. */
public record GcResult(int removedChunks, long removedBytes, int keptChunks, long keptBytes) {
}
