package io.ferry.manifest;

import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkerParams;
import java.util.regex.Pattern;

/**
 * Manifest describes one image version. It is consistent by construction: the chunk lengths add up
 * to {@code size}, every chunk fits the chunker's bounds, and the image and its chunk count stay within
 * {@link #MAX_SIZE} and {@link #MAX_CHUNKS}, the most any node makes or accepts from a peer.
 *
 * <p>The manifest itself is the image's identity: every chunk is checked against its id and the
 * manifest against its own, so the whole-image SHA-256 is only a convenience for those who compare
 * with a published checksum, computed when asked for.
 *
 * @param digest the SHA-256 of the whole image, as {@code sha256sum} prints it; null when it was not
 *               computed ({@code import} without {@code --sha256})
 */
public record Manifest(String name, long size, ImageDigest digest, ChunkerParams chunker, ChunkList chunks) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");
    /**
     * The largest image: 2 TiB. A 1 TiB disk (the largest we are asked to carry) fits with room to
     * grow; a peer cannot make a node create, fill and digest anything larger (a 412-byte manifest once
     * described a 4 TiB image of zeros).
     */
    public static final long MAX_SIZE = 2L << 40;
    /**
     * The most chunks: 2^25 (33.5 million). A decoded chunk list costs ~45 bytes a chunk, so this bounds
     * one manifest at ~1.5 GB of heap and ~1.1 GiB encoded (2^25 records of at most 36 bytes, which
     * stays below a Java array's limit). It fits a 1 TiB image whose chunks average 32 KiB or more: our
     * real 2 GiB images average 80 KiB a chunk (free space is 64 KiB zero chunks), so 1 TiB of them is
     * ~14 million chunks. A 1 TiB image written end to end at the default 16 KiB average (67 million
     * chunks) does not fit; it would not have fitted before either (its manifest is over 2 GiB).
     */
    public static final int MAX_CHUNKS = 1 << 25;

    public Manifest {
        checkName(name);
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("an image of " + size + " bytes is outside [0, " + MAX_SIZE + "]");
        }
        if (chunks.count() > MAX_CHUNKS) {
            throw new IllegalArgumentException("an image of " + chunks.count() + " chunks is over the limit of "
                    + MAX_CHUNKS);
        }
        if (chunks.size() != size) {
            throw new IllegalArgumentException("chunks cover " + chunks.size() + " bytes but the image has " + size);
        }
        for (int i = 0; i < chunks.count(); i++) {
            int len = chunks.length(i);
            if (len > chunker.max() || (len < chunker.min() && i != chunks.count() - 1)) {
                throw new IllegalArgumentException("chunk " + i + " is " + len + " bytes, outside "
                        + chunker.describe());
            }
        }
    }

    /** Image names are what a user types and a path component: no slashes, spaces or leading dots. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid image name '" + name
                    + "': use 1-128 letters, digits and . _ : @ + -, starting with a letter or digit");
        }
        return name;
    }

    /** The same image with its whole-image SHA-256 known. */
    public Manifest withDigest(ImageDigest sha256) {
        return new Manifest(name, size, sha256, chunker, chunks);
    }

    /** The same image under another name. */
    public Manifest withName(String newName) {
        return new Manifest(newName, size, digest, chunker, chunks);
    }
}
