/**
 * The floor every other package may stand on: naming daemon threads, parsing sizes a user types, making
 * text from elsewhere safe to print ({@link io.ferry.util.Printable}), and the few Linux calls Java 17
 * lacks ({@link io.ferry.util.NativeFile}: finding holes, exclusive opens and ioctls of block devices).
 * Nothing here knows about chunks, images or nodes.
 */
package io.ferry.util;
