package io.ferry.exchange.gossip;

import io.ferry.trust.NodeId;
import java.util.List;
import java.util.Map;

/**
 * The messages of the fact gossip (docs/protocol.md, "Gossip"): a round opens with a {@link Syn} (a hash
 * of the sender's version digest); an answerer in step says {@link Same}, otherwise it sends its
 * {@link Versions}; the opener then sends a {@link Push} (its versions and the deltas the answerer lacks)
 * and gets back the {@link Deltas} it lacks. {@link Pull} is the poll mode's one question: the answerer's
 * own entry since a version.
 */
public sealed interface GossipMessage {
    /** @param hash SHA-256 of the sender's digest (see {@link Digest#hash}); {@code count}: its origins */
    record Syn(byte[] hash, int count) implements GossipMessage {
    }

    record Same() implements GossipMessage {
    }

    /** Origin → newest version of its entry held (0: only the head is wanted again in full). */
    record Versions(Map<NodeId, Long> versions) implements GossipMessage {
        public Versions {
            versions = Map.copyOf(versions);
        }
    }

    record Push(Map<NodeId, Long> versions, List<EntryDelta> deltas) implements GossipMessage {
        public Push {
            versions = Map.copyOf(versions);
            deltas = List.copyOf(deltas);
        }
    }

    record Deltas(List<EntryDelta> deltas) implements GossipMessage {
        public Deltas {
            deltas = List.copyOf(deltas);
        }
    }

    /** The answerer's own entry, changes after {@code since}. */
    record Pull(long since) implements GossipMessage {
    }
}
