/**
 * The node's metadata on disk: its data directory (lock and layout) and stable id
 * ({@link io.ferry.trust.NodeId}, a plain string in JSON), and the catalog in an embedded SQLite
 * database (WAL mode): the images this node knows, their manifests (kept as files named by their id,
 * verified on load), how each image's chunks are held here (in place in a seed file, or copied into the
 * cache), and the cluster table (every other node's newest entry).
 */
package io.ferry.catalog;
