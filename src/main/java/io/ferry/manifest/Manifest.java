package io.ferry.manifest;

import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkerParams;
import java.util.regex.Pattern;

/**
 * Manifest describes one image version. It is consistent by construction: the chunk lengths add up
 * to {@code size}, and every chunk fits the chunker's bounds.
 *
 * @param digest the SHA-256 of the whole image, as {@code sha256sum} prints it
 */
public record Manifest(String name, long size, ImageDigest digest, ChunkerParams chunker, ChunkList chunks) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");

    public Manifest {
        checkName(name);
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

    /** The same image under another name. */
    public Manifest withName(String newName) {
        return new Manifest(newName, size, digest, chunker, chunks);
    }
}
