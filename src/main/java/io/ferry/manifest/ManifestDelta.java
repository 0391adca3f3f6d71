package io.ferry.manifest;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * ManifestDelta is how a manifest travels between nodes: zstd-compressed and, when the receiver
 * already holds a manifest of a related image, compressed against that one as zstd's patch mode does.
 * An image built on another shares most chunk ids with it, in the same order, so little more than the
 * new ids crosses the wire: v2's manifest against v1's is 248 KB instead of 1,052 KB.
 *
 * <p>Wire form: one byte, 0 for a plain frame or 1 for a patch followed by the 32-byte id of the base
 * manifest; then one zstd frame that records the manifest's size. A base and a manifest together
 * must fit zstd's default 128 MiB window (images up to about 250 GiB); beyond that only plain frames
 * are made. The whole wire form is at most {@link #MAX_WIRE_BYTES}, so a receiver can bound its read.
 */
public final class ManifestDelta {
    private static final int LEVEL = 3;
    private static final int MAX_WINDOW_LOG = 27;
    private static final int ID_BYTES = Sha256Hex.BYTES;
    /** The longest wire form: the head, then a frame of the longest manifest that zstd could not compress. */
    public static final long MAX_WIRE_BYTES = 1 + ID_BYTES + Zstd.compressBound(ManifestCodec.MAX_BYTES);

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
        byte[] bytes(ManifestId id) throws IOException;
    }

    /**
     * Manifest {@code id} for the wire: alone, or as a patch of whichever of {@code bases} makes it
     * smallest.
     */
    public static byte[] smallest(ManifestId id, Store store, java.util.List<ManifestId> bases) throws IOException {
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
        return wire[0] == 0 ? null : ManifestId.of(Arrays.copyOfRange(wire, 1, 1 + ID_BYTES));
    }

    /**
     * The manifest bytes (not yet checked against their id: the caller does that). {@code base} must
     * be the manifest {@link #baseOf} names; at most {@code maxSize} bytes (and never more than
     * {@link ManifestCodec#MAX_BYTES}) are accepted. The wire form must be exactly one zstd frame that
     * declares its size. Before that size is allocated, the manifest's header is decompressed alone and
     * the size must be one its chunk count allows ({@link ManifestHeader#checkLength}): a small frame
     * that inflates to far more than it describes (98 KB to 1 GiB, once) is refused unread. Any
     * failure is a {@link ManifestFormatException}.
     */
    public static byte[] decode(byte[] wire, byte[] base, int maxSize) throws ManifestFormatException {
        ManifestId baseId = baseOf(wire);
        if (baseId != null && base == null) {
            throw new ManifestFormatException("the manifest came as a patch of " + baseId + ", which is not here");
        }
        int at = baseId == null ? 1 : 1 + ID_BYTES;
        long size = frameSize(wire, at);
        long limit = Math.min(maxSize, ManifestCodec.MAX_BYTES);
        if (size < 0 || size > limit) {
            throw new ManifestFormatException("manifest frame declares a size of " + size + " bytes, outside [0, " + limit + "]");
        }
        try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(
                new ByteArrayInputStream(wire, at, wire.length - at))) {
            in.setLongMax(MAX_WINDOW_LOG);
            if (base != null) {
                in.setDict(base);
            }
            byte[] head = in.readNBytes((int) Math.min(size, ManifestHeader.MAX_BYTES));
            if (head.length != Math.min(size, ManifestHeader.MAX_BYTES)) {
                throw new ManifestFormatException("manifest frame is truncated");
            }
            ManifestHeader.read(new ManifestReader(head, head.length)).checkLength(size);
            byte[] out = Arrays.copyOf(head, (int) size);
            if (in.readNBytes(out, head.length, out.length - head.length) != out.length - head.length
                    || in.read() != -1) {
                throw new ManifestFormatException("manifest frame does not hold the " + size + " bytes it declares");
            }
            return out;
        } catch (ManifestFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ManifestFormatException("manifest frame is damaged: " + e.getMessage());
        }
    }

    /** The content size the one zstd frame at {@code wire[at..]} declares; -1 when it is not exactly one such frame. */
    private static long frameSize(byte[] wire, int at) {
        try {
            long frame = Zstd.findFrameCompressedSize(wire, at, wire.length - at);
            return frame == wire.length - at ? Zstd.getFrameContentSize(wire, at, wire.length - at) : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
