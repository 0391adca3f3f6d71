/**
 * Cutting bytes into chunks and naming them: blockcdc (the default: content-defined cuts on the 4 KiB
 * block grid), FastCDC (2020, normalized, gear hash) and fixed-size cutters, SHA-256 chunk ids, all-zero
 * chunk detection, the parallel pipeline that turns a file or stream into an ordered
 * {@link io.ferry.chunk.ChunkList} without reading a file's holes ({@link io.ferry.chunk.SparseFileSource},
 * through {@code util.NativeFile}), and the plain SHA-256 of a whole image, from the bytes while chunking
 * or from its chunks afterwards ({@link io.ferry.chunk.ImageSha256}). Depends on nothing else in Ferry
 * but {@code util}.
 */
package io.ferry.chunk;
