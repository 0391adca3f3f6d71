package io.ferry.transfer;

/**
 * ServeOptions are how a node serves its peers.
 *
 * @param leastLevel           zstd level of responses while compressing sets the pace (1-19)
 * @param greatestLevel        the level responses may rise to while the link sets the pace (see
 *                             {@link AdaptiveLevel}); equal to leastLevel: fixed
 * @param uploadBytesPerSecond the most bytes per second sent to all peers together; 0: no limit
 */
public record ServeOptions(int leastLevel, int greatestLevel, long uploadBytesPerSecond) {
    public ServeOptions {
        if (leastLevel < 1 || greatestLevel > 19 || leastLevel > greatestLevel) {
            throw new IllegalArgumentException("--compression-level must be a level or a range of levels within 1-19, got "
                    + (leastLevel == greatestLevel ? "" + leastLevel : leastLevel + "-" + greatestLevel));
        }
        if (uploadBytesPerSecond < 0) {
            throw new IllegalArgumentException("--upload-limit cannot be negative");
        }
    }

    /** Parses {@code N} (a fixed level) or {@code MIN-MAX} (adaptive between them). */
    public static int[] parseLevels(String spec) {
        String[] parts = spec.strip().split("-", -1);
        try {
            if (parts.length == 1) {
                int n = Integer.parseInt(parts[0]);
                return new int[] {n, n};
            }
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--compression-level takes a level (3) or a range (3-12), got '" + spec + "'");
    }

    public static ServeOptions defaults() {
        return new ServeOptions(3, 9, 0);
    }
}
