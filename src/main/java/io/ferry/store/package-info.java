/**
 * The node's local chunks, behind interfaces layered by capability: {@link io.ferry.store.ChunkStore}
 * (read, verified), {@link io.ferry.store.WritableChunkStore} (put) and
 * {@link io.ferry.store.PrunableChunkStore} (list, delete, compact). Implementations: the pack cache
 * ({@link io.ferry.store.CacheStore}: append-only packs whose records are casync chunk frames), seeds
 * read in place ({@link io.ferry.store.SeedStore}), the cost-ordered router over both
 * ({@link io.ferry.store.LocalChunks}) and the asynchronous writer decorator
 * ({@link io.ferry.store.CacheWriter}); one contract test runs over all of them. Every read is verified
 * against the chunk's name: an absent chunk is a {@link io.ferry.store.MissingChunkException}, a copy
 * that does not match a {@link io.ferry.store.CorruptChunkException} (a cached one is dropped).
 * {@link io.ferry.store.CacheBound} keeps the cache within its bound, {@link io.ferry.store.CacheLimit} applies
 * it to what the node holds ({@link io.ferry.store.CacheKeep}) and bounds copy imports
 * ({@link io.ferry.store.CacheFill}, refused with a {@link io.ferry.store.CacheFullException} when they cannot
 * fit). A seed may be a file still being written ({@link io.ferry.store.Seed#growing}). Damage to a pack costs only the
 * records it hit ({@link io.ferry.store.PackScan}); a seed replaced under the store is reopened. A full
 * disk is a {@link io.ferry.store.NoSpaceException} that says where and what to do, and the
 * {@link io.ferry.store.Reserve} file plus the cache's headroom let rm and gc work on one. The store
 * does not know the catalog: it is handed {@link io.ferry.store.Seed}s.
 */
package io.ferry.store;
