package io.ferry.assemble;

import io.ferry.store.Origin;

/** Provenance says where the bytes of an assembled chunk came from; a delivery reports bytes by it. */
public enum Provenance {
    /** Already in place in a partial output file from an earlier attempt. */
    PARTIAL,
    /** Read in place from an imported image file. */
    SEED,
    /** Read from the compressed cache. */
    CACHE,
    /** Fetched from a peer. */
    NETWORK;

    /** The provenance of bytes a local store read. */
    public static Provenance of(Origin o) {
        return switch (o) {
            case SEED -> SEED;
            case CACHE -> CACHE;
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
