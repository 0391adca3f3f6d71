package io.ferry.catalog;

import io.ferry.manifest.ManifestId;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.IntConsumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * SegmentHolding is the payload of a {@code holding} fact: which chunks of one segment of manifest
 * {@code manifestId} its origin holds. A segment is {@link #SEGMENT} consecutive chunk indices, so a
 * delivery in progress re-signs only the segments that changed. {@code chunks} is the manifest's chunk
 * count; {@code whole} says the origin holds the whole image (every segment full), the one word for
 * "complete"; {@code bits} holds indices relative to the segment's start.
 *
 * <p>Encoding: {@code 32 bytes manifest id | u32 segment | u32 chunks | u8 whole (0 or 1) | u32 runs |
 * runs × {u16 gap, u16 length - 1}}, where a run starts {@code gap} after the end of the previous one
 * (the first: at {@code gap}); runs after the first have a gap of at least 1, so a set has one
 * encoding. Runs must end within the segment; {@code whole} requires one run over all of it.
 */
public record SegmentHolding(ManifestId manifestId, int segment, int chunks, boolean whole, RoaringBitmap bits) {
    public static final String KIND = "holding";
    /**
     * A {@code gain} fact has a holding's payload (never whole) and says its origin now also holds those
     * chunks of the segment, on top of its newest {@code holding} fact of the segment and every gain signed
     * after it: a delivery in progress tells what it gained, not its whole bitmap again.
     */
    public static final String GAIN = "gain";
    public static final int SEGMENT = 1 << 16;

    public SegmentHolding {
        if (manifestId == null || bits == null || chunks < 0 || segment < 0 || segment >= segments(chunks)) {
            throw new IllegalArgumentException("segment " + segment + " of " + chunks + " chunks does not exist");
        }
        int length = length(segment, chunks);
        if (!bits.isEmpty() && (bits.first() < 0 || bits.last() >= length)) {
            throw new IllegalArgumentException("chunk indices beyond segment " + segment + " of " + chunks + " chunks");
        }
        if (whole && bits.getLongCardinality() != length) {
            throw new IllegalArgumentException("a whole holding holds every chunk of its segment");
        }
    }

    /** How many segments a manifest of {@code chunks} chunks has (an empty one has one, empty). */
    public static int segments(int chunks) {
        return Math.max(1, (int) ((chunks + (long) SEGMENT - 1) / SEGMENT));
    }

    private static int length(int segment, int chunks) {
        return (int) Math.min(SEGMENT, Math.max(0, chunks - (long) segment * SEGMENT));
    }

    /** The segments of what a node holds of a manifest; {@code held}: absolute chunk indices. */
    public static List<SegmentHolding> of(ManifestId manifestId, int chunks, boolean whole, RoaringBitmap held) {
        List<SegmentHolding> out = new ArrayList<>();
        for (int s = 0; s < segments(chunks); s++) {
            long start = (long) s * SEGMENT;
            RoaringBitmap part = RoaringBitmap.addOffset(
                    RoaringBitmap.and(held, RoaringBitmap.bitmapOfRange(start, start + length(s, chunks))), -start);
            out.add(new SegmentHolding(manifestId, s, chunks, whole, part));
        }
        return out;
    }

    /** The manifest and segment a holding or gain payload is about, read without decoding the rest. */
    public static Slot slot(byte[] payload) throws FactFormatException {
        FactReader r = new FactReader(payload, "a holding fact");
        return new Slot(ManifestId.of(r.fixed(32)), r.u31());
    }

    /** Which segment of which manifest a holding or gain fact is about. */
    public record Slot(ManifestId manifestId, int segment) {
    }

    /** The held chunk indices of the manifest (absolute). */
    public RoaringBitmap absolute() {
        return RoaringBitmap.addOffset(bits, (long) segment * SEGMENT);
    }

    public byte[] encode() {
        List<int[]> runs = new ArrayList<>();
        bits.forEach((IntConsumer) i -> {
            int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last[1] == i) {
                last[1] = i + 1;
            } else {
                runs.add(new int[] {i, i + 1});
            }
        });
        FactWriter w = new FactWriter().fixed(manifestId.bytes(), 32).u32(segment).u32(chunks).u8(whole ? 1 : 0)
                .u32(runs.size());
        int end = 0;
        for (int[] run : runs) {
            w.u16(run[0] - end).u16(run[1] - run[0] - 1);
            end = run[1];
        }
        return w.toBytes();
    }

    public static SegmentHolding decode(byte[] payload) throws FactFormatException {
        FactReader r = new FactReader(payload, "a holding fact");
        ManifestId id = ManifestId.of(r.fixed(32));
        int segment = r.u31();
        int chunks = r.u31();
        int whole = r.u8();
        int runs = r.u31();
        if (whole > 1 || segment >= segments(chunks) || runs > SEGMENT / 2 + 1) {
            throw r.invalid("segment " + segment + " of " + chunks + " chunks, whole " + whole + ", " + runs + " runs");
        }
        int length = length(segment, chunks);
        RoaringBitmap bits = new RoaringBitmap();
        long end = 0;
        for (int k = 0; k < runs; k++) {
            int gap = r.u16();
            long start = end + gap;
            end = start + r.u16() + 1;
            if ((k > 0 && gap == 0) || end > length) {
                throw r.invalid("run " + k + " overlaps, touches the one before or leaves the segment");
            }
            bits.add(start, end);
        }
        r.end();
        try {
            return new SegmentHolding(id, segment, chunks, whole == 1, bits);
        } catch (IllegalArgumentException e) {
            throw r.invalid(e.getMessage());
        }
    }
}
