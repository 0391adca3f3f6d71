/**
 * The composition root. {@link io.ferry.node.Node} opens a data directory and builds one node's
 * services, handing each its collaborators; {@link io.ferry.node.NodeDaemon} puts them on a listener.
 * What is left here is what only makes sense for a whole node: the verbs as the CLI sees them
 * ({@code NodeApi}), importing an image, delivering one (the use case that strings the exchange, the
 * planner, the executor and the assembler together), and verifying what is held. The only package
 * that builds the object graph.
 */
package io.ferry.node;
