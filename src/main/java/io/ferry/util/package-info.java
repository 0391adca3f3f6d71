/**
 * The floor every other package may stand on: naming daemon threads, parsing sizes a user types and
 * making text from elsewhere safe to print ({@link io.ferry.util.Printable}). Nothing here knows about
 * chunks, images or nodes.
 */
package io.ferry.util;
