package io.ferry.chunk;

import java.util.Locale;

/**
 * ChunkerParams is a validated chunker configuration. For FastCDC, {@code min < avg < max}; for fixed
 * chunking, all three are the block size. Nonsense is rejected here, with the numbers named, so no
 * chunker is ever built from it.
 *
 * <p>The default, block-grid CDC with a 16 KiB average (min 4 KiB, max 64 KiB), was chosen by
 * measurement on real Debian images against FastCDC and fixed-size chunking at several sizes; see
 * docs/benchmarks.md, "Chunker settings".
 */
public record ChunkerParams(Kind kind, int min, int avg, int max) {
    /** Bounds that keep a chunk in one buffer and a manifest meaningful. */
    public static final int SMALLEST = 256;
    public static final int LARGEST = 4 << 20;
    /** The block grid blockcdc cuts on: a disk's 4 KiB blocks. */
    public static final int BLOCK = 4096;

    public enum Kind {
        FASTCDC, FIXED, BLOCKCDC;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label().equals(s.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown chunker '" + s + "' (expected blockcdc, fastcdc or fixed)");
        }
    }

    public ChunkerParams {
        if (kind == null) {
            throw new IllegalArgumentException("chunker kind is missing");
        }
        if (Math.min(min, Math.min(avg, max)) < SMALLEST || Math.max(min, Math.max(avg, max)) > LARGEST) {
            throw new IllegalArgumentException(String.format(
                    "chunk sizes must lie in [%d, %d] bytes, got min=%d avg=%d max=%d", SMALLEST, LARGEST, min, avg, max));
        }
        if (kind == Kind.FIXED && !(min == avg && avg == max)) {
            throw new IllegalArgumentException(String.format(
                    "fixed chunking needs min=avg=max, got min=%d avg=%d max=%d", min, avg, max));
        }
        if (kind != Kind.FIXED && !(min < avg && avg < max)) {
            throw new IllegalArgumentException(String.format(
                    "%s needs min < avg < max, got min=%d avg=%d max=%d", kind.label(), min, avg, max));
        }
        if (kind != Kind.FIXED && Integer.bitCount(avg) != 1) {
            throw new IllegalArgumentException(kind.label() + "'s average size must be a power of two, got " + avg);
        }
        if (kind == Kind.BLOCKCDC && (min % BLOCK != 0 || max % BLOCK != 0)) {
            throw new IllegalArgumentException(String.format(
                    "blockcdc cuts on a %d-byte grid: min and max must be multiples of it (avg at least %d), "
                            + "got min=%d avg=%d max=%d", BLOCK, 2 * BLOCK, min, avg, max));
        }
    }

    public static ChunkerParams defaults() {
        return blockCdc(16 * 1024);
    }

    /** FastCDC with the customary bounds min = avg/4 and max = 4·avg. */
    public static ChunkerParams fastCdc(int avg) {
        return new ChunkerParams(Kind.FASTCDC, avg / 4, avg, avg * 4);
    }

    public static ChunkerParams fixed(int size) {
        return new ChunkerParams(Kind.FIXED, size, size, size);
    }

    /** Content-defined cuts on the 4 KiB block grid: min = max(4 KiB, avg/4), max = 4·avg. */
    public static ChunkerParams blockCdc(int avg) {
        return new ChunkerParams(Kind.BLOCKCDC, Math.max(BLOCK, avg / 4), avg, avg * 4);
    }

    /** The parameters for a kind and an average (block) size, as the CLI takes them. */
    public static ChunkerParams of(Kind kind, int avg) {
        return switch (kind) {
            case FIXED -> fixed(avg);
            case FASTCDC -> fastCdc(avg);
            case BLOCKCDC -> blockCdc(avg);
        };
    }

    /** e.g. "blockcdc 4096/16384/65536" or "fixed 4096". */
    public String describe() {
        return kind == Kind.FIXED ? "fixed " + max : kind.label() + " " + min + "/" + avg + "/" + max;
    }
}
