package io.ferry.exchange.swim;

import io.ferry.trust.NodeId;

/**
 * MemberStatus is what this node knows of one member.
 *
 * @param incarnation the member's own counter: only it raises it, to refute a suspicion or to come back
 * @param sinceMillis when it entered {@code state}, by this node's clock
 * @param lastHeardMillis when it last answered this node or spoke to it; 0: never
 */
public record MemberStatus(NodeId node, String address, long incarnation, MemberState state, long sinceMillis,
                           long lastHeardMillis) {
}
