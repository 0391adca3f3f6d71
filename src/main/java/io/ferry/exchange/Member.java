package io.ferry.exchange;

import io.ferry.trust.NodeId;

/**
 * Member is a node this one knows of: from the table ({@code node} set), or a configured peer address
 * never heard from ({@code node} null, no version).
 *
 * @param lastSeenMillis when it last answered or a peer vouched for it; 0: never
 * @param reachable      whether the last exchange with it worked; null: none tried
 * @param site           the site its certificate names; null: none (or no TLS)
 * @param state          alive, suspect, dead or left, as the membership says; null: not known
 * @param bytes          the size of the images it holds whole
 */
public record Member(NodeId node, String address, String site, String state, Long version, Integer images, Long bytes,
                     long lastSeenMillis, Boolean reachable) {
}
