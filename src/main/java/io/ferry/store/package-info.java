/**
 * The node's local chunks: the zstd-compressed content-addressed cache (casync's store layout,
 * {@code <4 hex>/<64 hex>.cacnk}), seeds (chunks read in place from imported image files), and the
 * cost-ordered view over both. Every read is verified against the chunk's name; a copy that does not
 * match is treated as missing, and a wrong cached file is deleted.
 */
package io.ferry.store;
