package io.ferry.chunk;

/** Chunkers makes the chunker a set of parameters describes. */
public final class Chunkers {
    private Chunkers() {
    }

    /** A new chunker (chunkers keep state while cutting: one per stream). */
    public static Chunker of(ChunkerParams p) {
        return switch (p.kind()) {
            case FIXED -> new FixedChunker(p.max());
            case FASTCDC -> new FastCdcChunker(p);
            case BLOCKCDC -> new BlockCdcChunker(p);
        };
    }
}
