package io.ferry.assemble;

import java.io.IOException;

/** ChunksMissingException: some chunks of an image could not be found anywhere the assembler looked. */
public final class ChunksMissingException extends IOException {
    private final int missing;

    public ChunksMissingException(String message, int missing) {
        super(message);
        this.missing = missing;
    }

    public int missing() {
        return missing;
    }
}
