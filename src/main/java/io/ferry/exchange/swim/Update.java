package io.ferry.exchange.swim;

import io.ferry.trust.NodeId;

/**
 * Update is one piece of membership news, as piggybacked on messages and gossiped: {@code node} at
 * {@code address} is in {@code state} at {@code incarnation}. {@code by} is who raised a suspicion (for
 * Lifeguard's confirmations); null otherwise.
 */
public record Update(NodeId node, String address, long incarnation, MemberState state, NodeId by) {
    public Update {
        java.util.Objects.requireNonNull(node, "node");
        java.util.Objects.requireNonNull(address, "address");
        java.util.Objects.requireNonNull(state, "state");
        if (incarnation < 0) {
            throw new IllegalArgumentException("a negative incarnation");
        }
    }

    /**
     * Whether this update overrides what is known, {@code known} (SWIM's order): a higher incarnation wins;
     * at the same incarnation suspect beats alive, and dead or left beat both.
     */
    public boolean overrides(MemberStatus known) {
        return known == null || overrides(known.incarnation(), known.state());
    }

    boolean overrides(long knownIncarnation, MemberState knownState) {
        if (incarnation != knownIncarnation) {
            return incarnation > knownIncarnation;
        }
        return rank(state) > rank(knownState);
    }

    private static int rank(MemberState s) {
        return switch (s) {
            case ALIVE -> 0;
            case SUSPECT -> 1;
            case DEAD, LEFT -> 2;
        };
    }
}
