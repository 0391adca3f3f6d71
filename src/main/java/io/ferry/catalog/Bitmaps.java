package io.ferry.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.roaringbitmap.RoaringBitmap;

/** Bitmaps converts chunk-index bitmaps to and from their portable serialized form. */
public final class Bitmaps {
    private Bitmaps() {
    }

    public static byte[] toBytes(RoaringBitmap b) {
        b.runOptimize();
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.serializedSizeInBytes());
        try (DataOutputStream d = new DataOutputStream(out)) {
            b.serialize(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static RoaringBitmap fromBytes(byte[] bytes) throws IOException {
        RoaringBitmap b = new RoaringBitmap();
        try {
            b.deserialize(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException | RuntimeException e) {
            throw new IOException("malformed chunk bitmap: " + e.getMessage(), e);
        }
        return b;
    }

    /** All indices [0, n). */
    public static RoaringBitmap all(int n) {
        return RoaringBitmap.bitmapOfRange(0, n);
    }
}
