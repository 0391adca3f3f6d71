package io.ferry.store;

/** Origin says where a chunk's bytes came from, cheapest first; delivery reports bytes per origin. */
public enum Origin {
    /** Already in place in a partial output file from an earlier attempt. */
    PARTIAL,
    /** Read in place from an imported image file. */
    SEED,
    /** Read from the compressed cache. */
    CACHE,
    /** Fetched from a peer. */
    NETWORK;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
