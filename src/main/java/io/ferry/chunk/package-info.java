/**
 * Cutting bytes into chunks and naming them: FastCDC (2020, normalized, gear hash) and fixed-size
 * cutters, SHA-256 chunk ids, all-zero chunk detection, and the parallel pipeline that turns a
 * byte stream into an ordered {@link io.ferry.chunk.ChunkList}. Depends on nothing else in Ferry.
 */
package io.ferry.chunk;
