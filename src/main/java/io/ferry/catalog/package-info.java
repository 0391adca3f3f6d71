/**
 * The node's metadata on disk: its data directory (lock and layout) and stable id
 * ({@link io.ferry.trust.NodeId}, a plain string in JSON), and the catalog in an embedded SQLite
 * database (WAL mode): the images this node knows, each with its signed binding (the publisher's), their
 * manifests (kept as files named by their id, verified on load), how each image's chunks are held here
 * (in place in a seed file, or copied into the cache); and, in a database of its own
 * ({@link io.ferry.catalog.ClusterFile}: a cache, relearnt from peers when lost), the cluster table (every
 * other node's newest entry, as the signed facts it was received as) with the index that {@code table}
 * and name resolution read ({@link io.ferry.catalog.TableIndex}). The catalog is never the only record of what the node
 * holds: each image also has a durable record file ({@link io.ferry.catalog.ImageRecords},
 * {@code DIR/images/<name>.image}, written and fsynced before its row), from which a lost, damaged or
 * incomplete catalog is rebuilt on open ({@link io.ferry.catalog.CatalogRepair}); what cannot be rebuilt
 * is a {@link io.ferry.catalog.CatalogDamageException}, and the node does not start.
 *
 * <p>Facts: the canonical encodings of what a node signs about itself ({@link io.ferry.catalog.NodeAddress},
 * {@link io.ferry.catalog.ImageBinding}, {@link io.ferry.catalog.SegmentHolding}; strict decoding, one
 * typed error, {@link io.ferry.catalog.FactFormatException}), addresses that are host:port and nothing
 * else ({@link io.ferry.catalog.PeerAddress}), the entry a node is known by
 * ({@link io.ferry.catalog.TableEntry}) and what it says decoded ({@link io.ferry.catalog.KnownNode}).
 * The {@link io.ferry.catalog.ClusterTable} verifies every fact (through the trust package's
 * {@link io.ferry.trust.FactVerifier}) before it merges it.
 */
package io.ferry.catalog;
