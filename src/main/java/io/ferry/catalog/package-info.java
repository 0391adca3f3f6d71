/**
 * The node's metadata table, in an embedded SQLite database (WAL mode): the images this node knows,
 * their manifests (kept as files named by their id, verified on load), and how each image's chunks
 * are held here (in place in a seed file, or copied into the cache).
 */
package io.ferry.catalog;
