/**
 * Wiring one node: its data directory and lock, its configuration, and the operations the CLI runs on
 * it (import, get, diff, verify, rm, gc). The only package that builds the object graph.
 */
package io.ferry.node;
