/**
 * Writing an image from its chunks: positional writes as chunks become available, holes for zero
 * chunks, reuse of a partial file from an earlier attempt, verification of every chunk and of the
 * whole image, and an atomic rename into place only when all of it is right.
 */
package io.ferry.assemble;
