package io.ferry.exchange.gossip;

import io.ferry.trust.NodeId;
import java.util.Map;

/**
 * Book is where the gossip reads and writes entries: this node's own and those it holds of others (the
 * cluster table in a node, a map in the simulation). It verifies what it takes.
 */
public interface Book {
    /** What became of a delta handed to {@link #apply}. */
    enum Applied { TAKEN, STALE, INCOMPLETE, REFUSED }

    /** Origin → version of every entry held here, this node's own included. */
    Map<NodeId, Long> versions();

    /** What changed in {@code origin}'s entry after {@code since} (0: all of it); null when none is held. */
    EntryDelta delta(NodeId origin, long since);

    /**
     * Takes {@code d} when it is newer than what is held: STALE when it is not, INCOMPLETE when the entry
     * held lacks a fact the delta counts on (the whole entry is asked for next), REFUSED when its facts do
     * not verify or the origin is one whose word is no longer taken (dead and forgotten, or this node).
     */
    Applied apply(EntryDelta d);
}
