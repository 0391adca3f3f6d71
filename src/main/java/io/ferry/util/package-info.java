/**
 * The floor every other package may stand on: naming daemon threads and parsing sizes a user types.
 * Nothing here knows about chunks, images or nodes.
 */
package io.ferry.util;
