package io.ferry.exchange;

import io.ferry.trust.NodeId;

/**
 * Member is a node this one knows of: from the table ({@code node} set), or a configured peer address
 * never heard from ({@code node} null, no version).
 *
 * @param lastSeenMillis when it last answered or a peer vouched for it; 0: never
 * @param reachable      whether the last exchange with it worked; null: none tried
 */
public record Member(NodeId node, String address, Long version, Integer images, long lastSeenMillis, Boolean reachable) {
}
