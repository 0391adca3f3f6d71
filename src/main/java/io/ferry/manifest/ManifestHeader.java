package io.ferry.manifest;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkerParams;
import java.nio.charset.StandardCharsets;

/**
 * ManifestHeader is what an encoded manifest declares before its chunk records: name, size, digest
 * (in version 1; version 2 has none), chunker and chunk count, each checked on its own and against the others. From the count alone it
 * knows how long the whole encoding may be ({@link #maxBytes}), which is how a decoder bounds what it
 * reads or decompresses before it reads or decompresses it.
 *
 * @param digest   the whole image's SHA-256, or null (version 2)
 * @param chunksAt where the chunk records start
 */
record ManifestHeader(String name, long size, byte[] digest, ChunkerParams chunker, int count, int chunksAt) {
    static final byte[] MAGIC = {'F', 'R', 'Y', 'M'};
    /** Version 1 carries the whole image's SHA-256; the encoder still writes it whenever one is known. */
    static final int WITH_DIGEST = 1;
    /** Version 2 is version 1 without the digest: an image imported without {@code --sha256}. */
    static final int WITHOUT_DIGEST = 2;
    /** The longest header: magic, version, a 128-byte name, and every number at its largest (190 bytes). */
    static final int MAX_BYTES = 256;
    private static final int NAME_BYTES = 128;
    private static final int CRC_BYTES = 4;

    /** Reads and checks a header from the start of {@code in}, which may hold only a prefix of the manifest. */
    static ManifestHeader read(ManifestReader in) throws ManifestFormatException {
        for (byte b : MAGIC) {
            if (in.u8("the magic bytes") != b) {
                throw new ManifestFormatException("not a Ferry manifest (bad magic bytes)");
            }
        }
        int version = in.u8("the version");
        if (version != WITH_DIGEST && version != WITHOUT_DIGEST) {
            throw new ManifestFormatException("unsupported manifest version " + version + " (this Ferry reads "
                    + WITH_DIGEST + " and " + WITHOUT_DIGEST + ")");
        }
        int nameLength = (int) in.varint(NAME_BYTES, "the name's length");
        String name = new String(in.take(nameLength, "the name"), StandardCharsets.UTF_8);
        long size = in.varint(Manifest.MAX_SIZE, "the image size");
        byte[] digest = version == WITH_DIGEST ? in.take(Sha256Hex.BYTES, "the image digest") : null;
        int kind = in.u8("the chunker kind");
        if (kind >= ChunkerParams.Kind.values().length) {
            throw new ManifestFormatException("manifest names unknown chunker kind " + kind);
        }
        int min = (int) in.varint(ChunkerParams.LARGEST, "the chunker's min");
        int avg = (int) in.varint(ChunkerParams.LARGEST, "the chunker's avg");
        int max = (int) in.varint(ChunkerParams.LARGEST, "the chunker's max");
        int count = (int) in.varint(Manifest.MAX_CHUNKS, "the chunk count");
        ChunkerParams chunker;
        try {
            Manifest.checkName(name);
            chunker = new ChunkerParams(ChunkerParams.Kind.values()[kind], min, avg, max);
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException("manifest is inconsistent: " + e.getMessage());
        }
        ManifestHeader h = new ManifestHeader(name, size, digest, chunker, count, in.position());
        h.checkCount();
        return h;
    }

    /** The longest encoding this header allows: every chunk a data chunk of the largest length. */
    long maxBytes() {
        return chunksAt + (long) count * (ManifestReader.varintLength((long) chunker.max() << 1 | 1) + ChunkId.BYTES)
                + CRC_BYTES;
    }

    /** The shortest: every chunk a zero chunk in one byte. */
    long minBytes() {
        return chunksAt + (long) count + CRC_BYTES;
    }

    /** Checks that an encoding of {@code length} bytes can be what this header describes. */
    void checkLength(long length) throws ManifestFormatException {
        if (length < minBytes() || length > maxBytes()) {
            throw new ManifestFormatException("manifest is " + length + " bytes, but one of " + count
                    + " chunks takes " + minBytes() + " to " + maxBytes() + ": truncated, padded or inconsistent");
        }
    }

    /**
     * The count must be able to cover the size: chunks are at most {@code max} bytes, and all but the
     * last at least {@code min}; an empty image has no chunks.
     */
    private void checkCount() throws ManifestFormatException {
        long fewest = (size + chunker.max() - 1) / chunker.max();
        long most = size == 0 ? 0 : (size - 1) / chunker.min() + 1;
        if (count < fewest || count > most) {
            throw new ManifestFormatException("manifest is inconsistent: " + count + " chunks of "
                    + chunker.describe() + " cannot make " + size + " bytes");
        }
    }
}
