/**
 * Writing an image from its chunks. {@link io.ferry.assemble.OutputTarget} decides, before anything
 * is fetched, whether a path may be written: a new file; an existing regular file only when forced,
 * and then replaced only at the end; a block device in place, claimed exclusively; never a seed of an
 * image the node holds (same real path, inode or device number), a link to a file, or a character
 * device. {@link io.ferry.assemble.Assembly} takes positional writes as chunks become available (each
 * verified by its caller first), holes for zero chunks in a file, zeros (or {@code BLKZEROOUT}) on a
 * device, reuse of a partial file from an earlier attempt; it publishes a file in one step that never
 * replaces what appeared meanwhile, and reads a device back whole, verifying every chunk, before it
 * reports success. The whole-image SHA-256 is computed only when asked. Before a delivery writes or
 * fetches anything, {@link io.ferry.assemble.SpaceCheck} refuses it if the output's or the cache's
 * file system lacks room; {@link io.ferry.assemble.Deliveries} keeps two deliveries on one node from
 * writing one path (a locked partial file, or the device's exclusive claim, keeps out other processes
 * too) or fetching one image twice.
 */
package io.ferry.assemble;
