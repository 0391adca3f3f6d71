package io.ferry.node;

/**
 * ServeOptions are how a node serves its peers.
 *
 * @param compressionLevel     zstd level of batch and run responses (1-19)
 * @param uploadBytesPerSecond the most bytes per second sent to all peers together; 0: no limit
 */
public record ServeOptions(int compressionLevel, long uploadBytesPerSecond) {
    public ServeOptions {
        if (compressionLevel < 1 || compressionLevel > 19) {
            throw new IllegalArgumentException("--compression-level must be between 1 and 19, got " + compressionLevel);
        }
        if (uploadBytesPerSecond < 0) {
            throw new IllegalArgumentException("--upload-limit cannot be negative");
        }
    }

    public static ServeOptions defaults() {
        return new ServeOptions(3, 0);
    }
}
