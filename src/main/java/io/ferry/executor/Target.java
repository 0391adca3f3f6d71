package io.ferry.executor;

import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;

/**
 * Target is the manifest a delivery fetches chunks of.
 *
 * @param avgChunk the chunker's average chunk size, for sizing requests
 * @param maxChunk the largest chunk a peer may send
 */
public record Target(ManifestId manifestId, ChunkList chunks, int avgChunk, int maxChunk) {
}
