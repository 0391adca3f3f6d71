/**
 * The fact gossip, pure: anti-entropy in the Scuttlebutt style over the signed entries of the cluster
 * table. Every entry is versioned by its origin; two nodes compare a hash of their version digests
 * ({@link io.ferry.exchange.gossip.Digest}), swap the digests only when the hashes differ, then send each
 * other only what changed since the other's version ({@link io.ferry.exchange.gossip.EntryDelta}, made
 * and applied by {@link io.ferry.exchange.gossip.Deltas}): the facts signed after it, the bindings when
 * that set changed, and the keys of the holding facts that still count. A delivery in progress signs
 * {@code gain} facts (what it got since), so its whole bitmap is not sent again each round.
 * {@link io.ferry.exchange.gossip.Scuttlebutt} runs the protocol over a {@link io.ferry.exchange.gossip.Book}
 * and a wire it is given; it has no threads, clock or sockets, so the simulation runs the same code.
 * {@link io.ferry.exchange.gossip.GossipCodec} is the bounded binary form of its messages.
 */
package io.ferry.exchange.gossip;
