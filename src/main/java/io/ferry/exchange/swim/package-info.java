/**
 * Membership and failure detection, pure: SWIM with Lifeguard's refinements ({@link io.ferry.exchange.swim.Swim},
 * the list and its rules in {@code Members}). A node probes one member per period, then asks others to
 * (indirect probes, answered by an ack or a nack); a member that answers neither becomes suspect, then
 * dead when the suspicion times out, the timeout shrinking as other members independently confirm it;
 * a suspected node refutes with a higher incarnation; news rides on every message and is gossiped to a
 * few members at random; whole lists are swapped on join and now and then, and with one dead member every ten seconds,
 * so the two halves of a healed partition find each other. A node that leaves says so at once.
 *
 * <p>Why our own: the well-kept SWIM libraries are Go (hashicorp/memberlist) or bring their own
 * transport, threads and clock (JGroups, Atomix/ScaleCube-style clusters on Netty), which would put a
 * second, unauthenticated listener beside the mutual-TLS peer port and keep the code out of the
 * simulation. Here the messages travel as requests on the peer listener, so every message is attributed
 * to a verified certificate, and with no threads, clock or sockets the same code runs in the simulation of
 * thousands of nodes. {@link io.ferry.exchange.swim.SwimCodec} is the bounded binary form of the messages.
 */
package io.ferry.exchange.swim;
