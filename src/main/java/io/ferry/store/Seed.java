package io.ferry.store;

import io.ferry.chunk.ChunkList;
import java.nio.file.Path;

/**
 * Seed is an image file whose chunks are read in place: the file, the chunk list it had when it was
 * imported, and the size and mtime it had then (a quick hint that it changed; the hash decides).
 */
public record Seed(String image, Path file, ChunkList chunks, long size, long mtimeMillis) {
}
