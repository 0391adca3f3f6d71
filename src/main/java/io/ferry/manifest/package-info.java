/**
 * The description of one image version: name, size, whole-image SHA-256 ({@link io.ferry.manifest.ImageDigest}),
 * chunker parameters and the ordered chunk list; its compact versioned binary codec, whose SHA-256 is the
 * manifest id ({@link io.ferry.manifest.ManifestId}, 64 lower-case hex digits wherever it is written), and
 * the patch form in which manifests travel against one the receiver holds. Depends on {@code chunk} only
 * (and Jackson's annotations, so a manifest id is a plain string in JSON).
 */
package io.ferry.manifest;
