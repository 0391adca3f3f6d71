package io.ferry.catalog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * FactWriter writes the canonical encoding of a fact's payload: big-endian fixed-width integers,
 * strings as a u16 length and UTF-8, ids as their 32 raw bytes. {@link FactReader} reads it back and
 * accepts nothing else, so a fact has exactly one encoding and its signature covers exactly that.
 */
public final class FactWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(96);

    public FactWriter u8(int v) {
        out.write(v);
        return this;
    }

    public FactWriter u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public FactWriter u32(int v) {
        return u16(v >>> 16).u16(v & 0xFFFF);
    }

    public FactWriter u64(long v) {
        return u32((int) (v >>> 32)).u32((int) v);
    }

    public FactWriter fixed(byte[] b, int length) {
        if (b.length != length) {
            throw new IllegalArgumentException("expected " + length + " bytes, got " + b.length);
        }
        out.writeBytes(b);
        return this;
    }

    public FactWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("a string in a fact is at most 65535 bytes");
        }
        return u16(b.length).fixed(b, b.length);
    }

    /** A byte string of up to {@code max} bytes: u32 length, then the bytes. */
    public FactWriter bytes(byte[] b) {
        return u32(b.length).fixed(b, b.length);
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }
}
