package io.ferry.store;

import io.ferry.chunk.ChunkList;
import java.nio.file.Path;
import java.util.function.IntPredicate;

/**
 * Seed is an image file whose chunks are read in place: the file, the chunk list it had when it was
 * imported, and the size and mtime it had then (a quick hint that it changed; the hash decides).
 *
 * @param written for a file still being written (a delivery's partial output), which chunk indices are
 *                in place yet; a chunk not yet written is missing there, not corrupt. Null: a finished
 *                file, every chunk expected in place.
 */
public record Seed(String image, Path file, ChunkList chunks, long size, long mtimeMillis, IntPredicate written) {

    public Seed(String image, Path file, ChunkList chunks, long size, long mtimeMillis) {
        this(image, file, chunks, size, mtimeMillis, null);
    }

    /** A file being written: its size and mtime say nothing yet, {@code written} says what is in place. */
    public static Seed growing(String image, Path file, ChunkList chunks, IntPredicate written) {
        return new Seed(image, file, chunks, -1, -1, written);
    }

    boolean isGrowing() {
        return written != null;
    }
}
