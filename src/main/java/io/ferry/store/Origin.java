package io.ferry.store;

/** Origin says which kind of local store a chunk's bytes came from, cheapest first. */
public enum Origin {
    /** Read in place from an imported image file. */
    SEED,
    /** Read from the compressed cache. */
    CACHE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
