/**
 * The description of one image version: name, size, whole-image SHA-256, chunker parameters and the
 * ordered chunk list; its compact versioned binary codec (whose SHA-256 is the manifest id), and the
 * patch form in which manifests travel against one the receiver holds. Depends on {@code chunk} only.
 */
package io.ferry.manifest;
