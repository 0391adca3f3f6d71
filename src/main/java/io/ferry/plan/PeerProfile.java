package io.ferry.plan;

import io.ferry.trust.NodeId;

/**
 * PeerProfile is what a plan knows of one peer. Today: its id and where it serves; measured bandwidth,
 * history, priority and site join it as the planner learns to weigh them.
 */
public record PeerProfile(NodeId node, String address) {
    public PeerProfile {
        if (node == null || address == null) {
            throw new IllegalArgumentException("a peer needs an id and an address");
        }
    }
}
