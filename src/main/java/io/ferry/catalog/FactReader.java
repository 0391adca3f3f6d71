package io.ferry.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * FactReader reads what {@link FactWriter} wrote, strictly: a read past the end, malformed UTF-8 or
 * bytes left over at {@link #end()} are a {@link FactFormatException}, never anything else.
 */
public final class FactReader {
    private final byte[] b;
    private final String what;
    private int at;

    /** @param what the kind of payload, for messages */
    public FactReader(byte[] bytes, String what) throws FactFormatException {
        if (bytes == null) {
            throw new FactFormatException(what + ": no payload");
        }
        this.b = bytes;
        this.what = what;
    }

    private void need(int n) throws FactFormatException {
        if (b.length - at < n) {
            throw new FactFormatException(what + " is truncated at byte " + at);
        }
    }

    public int u8() throws FactFormatException {
        need(1);
        return b[at++] & 0xFF;
    }

    public int u16() throws FactFormatException {
        need(2);
        int v = (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
        at += 2;
        return v;
    }

    /** A u32 that must fit a non-negative int (counts and indices). */
    public int u31() throws FactFormatException {
        long v = (long) u16() << 16 | u16();
        if (v > Integer.MAX_VALUE) {
            throw new FactFormatException(what + ": " + v + " is out of range");
        }
        return (int) v;
    }

    public long u64() throws FactFormatException {
        return (long) u16() << 48 | (long) u16() << 32 | (long) u16() << 16 | u16();
    }

    public byte[] fixed(int n) throws FactFormatException {
        need(n);
        byte[] out = Arrays.copyOfRange(b, at, at + n);
        at += n;
        return out;
    }

    public String string(int maxBytes) throws FactFormatException {
        int n = u16();
        if (n > maxBytes) {
            throw new FactFormatException(what + ": a string of " + n + " bytes, at most " + maxBytes + " allowed");
        }
        byte[] raw = fixed(n);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new FactFormatException(what + ": a string is not UTF-8");
        }
    }

    /** A byte string written by {@link FactWriter#bytes}, refused before it is read when over {@code max} bytes. */
    public byte[] bytes(int max) throws FactFormatException {
        int n = u31();
        if (n > max) {
            throw new FactFormatException(what + ": " + n + " bytes where at most " + max + " are allowed");
        }
        return fixed(n);
    }

    /** The bytes not read yet (an optional field at the end is there or not). */
    public int remaining() {
        return b.length - at;
    }

    /** Ends the read: every byte must have been used. */
    public void end() throws FactFormatException {
        if (at != b.length) {
            throw new FactFormatException(what + " has " + (b.length - at) + " trailing bytes");
        }
    }

    public FactFormatException invalid(String why) {
        return new FactFormatException(what + ": " + why);
    }
}
