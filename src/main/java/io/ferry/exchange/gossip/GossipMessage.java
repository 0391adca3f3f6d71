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
    /**
     * @param hash   SHA-256 of the sender's digest (see {@link Digest#hash}); {@code count}: its origins
     * @param prints in a large cluster, the print of each bucket of the digest ({@link Digest#prints}), so that
     *               an answerer out of step sends only the buckets that differ; empty: the whole digest
     */
    record Syn(byte[] hash, int count, long[] prints) implements GossipMessage {
        public Syn {
            if (prints.length > Digest.MAX_BUCKETS) {
                throw new IllegalArgumentException(prints.length + " buckets, at most " + Digest.MAX_BUCKETS);
            }
            prints = prints.clone();
        }
    }

    /**
     * Which part of a digest a message carries: the buckets {@code which} of {@code of} ({@link Digest#bucket});
     * {@code of} 0: all of it.
     */
    record Slice(int of, int[] which) {
        public static final Slice WHOLE = new Slice(0, new int[0]);

        public Slice {
            if (of < 0 || of > Digest.MAX_BUCKETS || which.length > of) {
                throw new IllegalArgumentException("a slice of " + which.length + " buckets of " + of);
            }
            for (int b : which) {
                if (b < 0 || b >= of) {
                    throw new IllegalArgumentException("bucket " + b + " of " + of);
                }
            }
            which = which.clone();
        }

        public boolean whole() {
            return of == 0;
        }

        /** Whether origin {@code node} falls in this slice. */
        public boolean covers(NodeId node) {
            if (of == 0) {
                return true;
            }
            int b = Digest.bucket(node, of);
            for (int w : which) {
                if (w == b) {
                    return true;
                }
            }
            return false;
        }
    }

    record Same() implements GossipMessage {
    }

    /** Origin → newest version of its entry held (0: only the head is wanted again in full), for the origins of {@code slice}. */
    record Versions(Map<NodeId, Long> versions, Slice slice) implements GossipMessage {
        public Versions {
            versions = Map.copyOf(versions);
        }
    }

    /** The opener's versions of {@code slice} and the deltas the answerer lacks there. */
    record Push(Map<NodeId, Long> versions, List<EntryDelta> deltas, Slice slice) implements GossipMessage {
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
