package io.ferry.catalog;

import io.ferry.manifest.ManifestId;
import io.ferry.trust.SignedFact;
import java.nio.file.Path;

/**
 * ImageRecord is one image as this node knows it.
 *
 * @param sha256   the whole image's SHA-256 in hex; null when it was never computed
 * @param seedFile for a seed image, the file its chunks are read from in place; null for a copy
 * @param seedSize the seed file's size at import, to tell a changed file quickly
 * @param seedMtimeMillis the seed file's mtime at import
 * @param binding  the signed binding of the name to the manifest ({@link ImageBinding}): this node's own
 *                 for an image imported here, the publisher's, unchanged, for one delivered here; null
 *                 for an image recorded by an earlier version until this node signs one for it
 */
public record ImageRecord(String name, ManifestId manifestId, long size, String sha256, Holding holding,
                          Path seedFile, long seedSize, long seedMtimeMillis, long importedAtMillis, SignedFact binding) {

    /** How an image's chunks are held on this node. */
    public enum Holding {
        SEED, COPY;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
