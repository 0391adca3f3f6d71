/**
 * Writing an image from its chunks: positional writes as chunks become available, holes for zero
 * chunks, reuse of a partial file from an earlier attempt, verification of every chunk and of the
 * whole image, and an atomic rename into place only when all of it is right. Before a delivery
 * writes or fetches anything, {@link io.ferry.assemble.SpaceCheck} refuses it if the output's or the
 * cache's file system lacks room; {@link io.ferry.assemble.Deliveries} keeps two deliveries on one node
 * from writing one path (a locked partial file keeps out other processes too) or fetching one image twice.
 */
package io.ferry.assemble;
