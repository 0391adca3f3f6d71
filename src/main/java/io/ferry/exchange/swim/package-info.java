/**
 * Membership and failure detection, pure: SWIM with Lifeguard's refinements ({@link io.ferry.exchange.swim.Swim},
 * the list and its rules in {@code Members}). A node probes one member per period, round-robin over a
 * shuffled list, then asks three others to (indirect probes, answered by an ack or, Lifeguard, a nack)
 * while pinging once more itself; a member that answers none becomes suspect, then dead when the
 * suspicion times out (4·log10 N periods at least, six times that at most, shorter with each independent
 * confirmation up to K = 3); a suspected node refutes with a higher incarnation; a local health score
 * (0-8) stretches this node's periods while its own probes fail, helpers do not nack, or it must refute.
 * A few of the members that hear a suspicion (about 2·K cluster-wide) probe the suspect at once, telling
 * it (the buddy system), so it is confirmed or refuted within a period or two. News rides on every
 * message and is gossiped to three members every 200 ms, each update sent 4·⌈log10(N+1)⌉ times; a
 * suspicion of an already refuted incarnation is answered straight to its author with the newer news.
 * Whole lists are swapped on join, every 30 s (longer in large clusters), sooner again while a swap
 * still teaches something (a forming cluster, a healed partition), and with one dead member every 10 s,
 * so the halves of a healed partition find each other. A node that leaves says so at once.
 *
 * <p>Every message names its sender (id, address, incarnation): checked against the identity the
 * transport verified (mutual TLS) for requests and against the member called for replies, refused and
 * counted otherwise, and taken as first-hand news that the sender is alive. Nothing here has a thread,
 * a clock, a socket or I/O (ArchitectureTest): time comes in as arguments, randomness from the given
 * {@link java.util.Random}, messages leave through a {@link io.ferry.exchange.swim.Wire}, and the
 * caller serialises every call, so the same code runs in a node and in the simulation of thousands of
 * nodes (src/test/java/io/ferry/sim). Nothing walks the whole list per tick, for that reason too.
 * {@link io.ferry.exchange.swim.SwimCodec} is the bounded binary form of the messages.
 *
 * <p>Why our own: the well-kept SWIM libraries are Go (hashicorp/memberlist, with Lifeguard), Swift
 * (apple/swift-cluster-membership) or JVM clusters that bring their own transport, threads and clock:
 * ScaleCube Cluster (Java SWIM over Reactor Netty, its own schedulers, no Lifeguard), Atomix (Netty,
 * little maintained), JGroups (not SWIM). Each would put a second listener beside the mutual-TLS peer
 * port, with messages not attributed to a certificate, and none could run on the simulation's clock.
 */
package io.ferry.exchange.swim;
