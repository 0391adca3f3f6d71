/**
 * Cutting bytes into chunks and naming them: blockcdc (the default: content-defined cuts on the 4 KiB
 * block grid), FastCDC (2020, normalized, gear hash) and fixed-size cutters, SHA-256 chunk ids, all-zero
 * chunk detection, and the parallel pipeline that turns a byte stream into an ordered
 * {@link io.ferry.chunk.ChunkList}. Depends on nothing else in Ferry but {@code util}.
 */
package io.ferry.chunk;
