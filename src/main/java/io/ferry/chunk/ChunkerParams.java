package io.ferry.chunk;

import java.util.Locale;

/**
 * ChunkerParams is a validated chunker configuration. For FastCDC, {@code min < avg < max}; for fixed
 * chunking, all three are the block size. Nonsense is rejected here, with the numbers named, so no
 * chunker is ever built from it.
 *
 * <p>The default, FastCDC with a 16 KiB average (min 4 KiB, max 64 KiB), was chosen by measurement on
 * real Debian images; see docs/benchmarks.md, "Chunker settings".
 */
public record ChunkerParams(Kind kind, int min, int avg, int max) {
    /** Bounds that keep a chunk in one buffer and a manifest meaningful. */
    public static final int SMALLEST = 256;
    public static final int LARGEST = 4 << 20;

    public enum Kind {
        FASTCDC, FIXED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label().equals(s.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown chunker '" + s + "' (expected fastcdc or fixed)");
        }
    }

    public ChunkerParams {
        if (kind == null) {
            throw new IllegalArgumentException("chunker kind is missing");
        }
        if (min < SMALLEST || max > LARGEST) {
            throw new IllegalArgumentException(String.format(
                    "chunk sizes must lie in [%d, %d] bytes, got min=%d avg=%d max=%d", SMALLEST, LARGEST, min, avg, max));
        }
        if (kind == Kind.FIXED && !(min == avg && avg == max)) {
            throw new IllegalArgumentException(String.format(
                    "fixed chunking needs min=avg=max, got min=%d avg=%d max=%d", min, avg, max));
        }
        if (kind == Kind.FASTCDC && !(min < avg && avg < max)) {
            throw new IllegalArgumentException(String.format(
                    "FastCDC needs min < avg < max, got min=%d avg=%d max=%d", min, avg, max));
        }
        if (kind == Kind.FASTCDC && Integer.bitCount(avg) != 1) {
            throw new IllegalArgumentException("FastCDC's average size must be a power of two, got " + avg);
        }
    }

    public static ChunkerParams defaults() {
        return fastCdc(16 * 1024);
    }

    /** FastCDC with the customary bounds min = avg/4 and max = 4·avg. */
    public static ChunkerParams fastCdc(int avg) {
        return new ChunkerParams(Kind.FASTCDC, avg / 4, avg, avg * 4);
    }

    public static ChunkerParams fixed(int size) {
        return new ChunkerParams(Kind.FIXED, size, size, size);
    }

    /** The parameters for a kind and an average (block) size, as the CLI takes them. */
    public static ChunkerParams of(Kind kind, int avg) {
        return kind == Kind.FIXED ? fixed(avg) : fastCdc(avg);
    }

    public Chunker newChunker() {
        return kind == Kind.FIXED ? new FixedChunker(max) : new FastCdcChunker(this);
    }

    /** e.g. "fastcdc 4096/16384/65536" or "fixed 4096". */
    public String describe() {
        return kind == Kind.FIXED ? "fixed " + max : kind.label() + " " + min + "/" + avg + "/" + max;
    }

    /**
     * Parses a size such as {@code 65536}, {@code 64K}, {@code 64KiB} or {@code 1M} (binary units).
     */
    public static long parseSize(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        String digits = s.replaceFirst("(I?B)$", "").replaceFirst("IB$", "");
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("not a size: '" + text + "'");
        }
        char last = digits.charAt(digits.length() - 1);
        int shift = switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        if (shift > 0) {
            digits = digits.substring(0, digits.length() - 1);
            unit = 1L << shift;
        }
        try {
            long n = Long.parseLong(digits);
            if (n < 0 || n > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 65536, 64K, 1M, 2G)");
        }
    }
}
