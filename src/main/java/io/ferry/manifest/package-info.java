/**
 * The description of one image version: name, size, whole-image SHA-256 when it was computed ({@link io.ferry.manifest.ImageDigest}),
 * chunker parameters and the ordered chunk list; its compact versioned binary codec (version 1 with the digest, 2 without; both decode), whose SHA-256 is the
 * manifest id ({@link io.ferry.manifest.ManifestId}, 64 lower-case hex digits wherever it is written), and
 * the patch form in which manifests travel against one the receiver holds. Decoding bounds what it
 * allocates by the input's length and the header's declared chunk count before it allocates it; a
 * manifest describes at most 2 TiB in at most 2^25 chunks; any bad input is a
 * {@link io.ferry.manifest.ManifestFormatException}. Depends on {@code chunk} and {@code util} only
 * (and zstd for the wire form, and Jackson's annotations, so a manifest id is a plain string in JSON).
 */
package io.ferry.manifest;
