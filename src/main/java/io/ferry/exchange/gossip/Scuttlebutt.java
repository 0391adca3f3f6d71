package io.ferry.exchange.gossip;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Scuttlebutt is anti-entropy over the {@link Book}: every entry is versioned by its origin; in a round a
 * node sends a peer the hash of its digest, and only when the hashes differ do they swap digests and then
 * the deltas each lacks ({@link GossipMessage}). Poll mode asks one peer for its own entry's changes.
 * Pure and single-threaded: the caller serialises calls and owns the wire, the clock and the choice of
 * peer (a live member at random), so the same code runs in a node and in the simulation.
 */
public final class Scuttlebutt {
    /**
     * Request and answer. A wire that knows a call failed answers null; one that loses it says nothing
     * (the next round repairs what it would have brought).
     */
    public interface Wire {
        void call(NodeId to, String address, GossipMessage m, Consumer<GossipMessage> onReply);
    }

    /** Bytes of deltas put in one message at most; the rest goes in the next round. */
    private final int budget;
    private final NodeId self;
    private final Book book;
    private final Wire wire;
    /** Origins whose held entry a delta could not be applied to: asked for whole (version 0) next. */
    private final Set<NodeId> wantWhole = new HashSet<>();
    /** The hash of the digest last hashed, and that digest's print ({@link Digest#print}). */
    private byte[] lastHash;
    private long[] lastPrints;
    private long lastPrint;

    public Scuttlebutt(NodeId self, Book book, Wire wire, int budget) {
        this.self = self;
        this.book = book;
        this.wire = wire;
        this.budget = budget;
    }

    /**
     * Opens a round with {@code peer} ({@code null} when only its address is known); {@code done} runs when
     * it ends with an answer or a failure the wire reports (a null answer).
     */
    public void round(NodeId peer, String address, Runnable done) {
        Map<NodeId, Long> mine = digest();
        wire.call(peer, address, new GossipMessage.Syn(hash(mine), mine.size(), prints(mine)), reply -> {
            if (reply instanceof GossipMessage.Versions v) {
                Map<NodeId, Long> now = slice(digest(), v.slice());
                wire.call(peer, address, new GossipMessage.Push(now, lacking(now, v.versions()), v.slice()), r -> {
                    if (r instanceof GossipMessage.Deltas d) {
                        take(d.deltas());
                    }
                    done.run();
                });
            } else {
                done.run();
            }
        });
    }

    /** Asks {@code peer} for the changes of its own entry since the version held here (poll mode). */
    public void poll(NodeId peer, String address, Runnable done) {
        long since = wantWhole.contains(peer) ? 0 : book.versions().getOrDefault(peer, 0L);
        wire.call(peer, address, new GossipMessage.Pull(since), r -> {
            if (r instanceof GossipMessage.Deltas d) {
                take(peer == null ? d.deltas() : d.deltas().stream().filter(x -> x.node().equals(peer)).toList());
            }
            done.run();
        });
    }

    /** Answers a peer's message; {@code from} is its verified identity. */
    public void onRequest(NodeId from, GossipMessage m, Consumer<GossipMessage> reply) {
        if (m instanceof GossipMessage.Syn s) {
            Map<NodeId, Long> mine = digest();
            if (s.count() == mine.size() && Arrays.equals(s.hash(), hash(mine))) {
                reply.accept(new GossipMessage.Same());
            } else {
                GossipMessage.Slice differ = differ(mine, s.prints());
                reply.accept(new GossipMessage.Versions(slice(mine, differ), differ));
            }
        } else if (m instanceof GossipMessage.Push p) {
            take(p.deltas());
            reply.accept(new GossipMessage.Deltas(lacking(slice(digest(), p.slice()), p.versions())));
        } else if (m instanceof GossipMessage.Pull p) {
            EntryDelta d = book.delta(self, p.since());
            reply.accept(new GossipMessage.Deltas(d == null || d.version() <= p.since() ? List.of() : List.of(d)));
        } else {
            throw new IllegalArgumentException("a " + m.getClass().getSimpleName() + " is an answer, not a question");
        }
    }

    /** The hash of {@code digest}, computed again only when its print changed since the last one. */
    private byte[] hash(Map<NodeId, Long> digest) {
        long print = Digest.print(digest);
        if (lastHash == null || print != lastPrint) {
            lastHash = Digest.hash(digest);
            lastPrints = Digest.prints(digest, Digest.buckets(digest.size()));
            lastPrint = print;
        }
        return lastHash;
    }

    /** The bucket prints of {@code digest} a Syn carries (none for a small one); after {@link #hash} of it. */
    private long[] prints(Map<NodeId, Long> digest) {
        hash(digest);
        return lastPrints;
    }

    /** The buckets in which {@code mine} differs from a digest with {@code theirs} prints; the whole when it has none or none differ. */
    private static GossipMessage.Slice differ(Map<NodeId, Long> mine, long[] theirs) {
        if (theirs.length == 0) {
            return GossipMessage.Slice.WHOLE;
        }
        long[] prints = Digest.prints(mine, theirs.length);
        int[] which = java.util.stream.IntStream.range(0, prints.length).filter(i -> prints[i] != theirs[i]).toArray();
        return which.length == 0 ? GossipMessage.Slice.WHOLE : new GossipMessage.Slice(theirs.length, which);
    }

    /** The versions of {@code digest} in {@code slice}. */
    private static Map<NodeId, Long> slice(Map<NodeId, Long> digest, GossipMessage.Slice slice) {
        if (slice.whole()) {
            return digest;
        }
        boolean[] in = new boolean[slice.of()];
        for (int b : slice.which()) {
            in[b] = true;
        }
        Map<NodeId, Long> out = new HashMap<>();
        digest.forEach((k, v) -> {
            if (in[Digest.bucket(k, slice.of())]) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** This node's digest, with the origins it needs whole again at version 0. */
    private Map<NodeId, Long> digest() {
        Map<NodeId, Long> out = new HashMap<>(book.versions());
        wantWhole.forEach(o -> out.computeIfPresent(o, (k, v) -> 0L));
        return out;
    }

    /** The deltas a peer with digest {@code theirs} lacks, up to the byte budget. */
    private List<EntryDelta> lacking(Map<NodeId, Long> mine, Map<NodeId, Long> theirs) {
        List<EntryDelta> out = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<NodeId, Long> e : mine.entrySet()) {
            long since = theirs.getOrDefault(e.getKey(), 0L);
            if (e.getValue() > since && !wantWhole.contains(e.getKey())) {
                EntryDelta d = book.delta(e.getKey(), since);
                if (d != null) {
                    bytes += size(d);
                    if (!out.isEmpty() && bytes > budget) {
                        break;
                    }
                    out.add(d);
                }
            }
        }
        return out;
    }

    private void take(List<EntryDelta> deltas) {
        for (EntryDelta d : deltas) {
            switch (book.apply(d)) {
                case TAKEN -> wantWhole.remove(d.node());
                case INCOMPLETE -> wantWhole.add(d.node());
                default -> { }
            }
        }
    }

    /** About what {@code d} costs on the wire, certificates left out (sent once per message). */
    static long size(EntryDelta d) {
        long n = 64 + d.keys().size() * 45L + d.head().payload().length;
        List<io.ferry.trust.SignedFact> facts = new ArrayList<>(d.holdings());
        if (d.bindings() != null) {
            facts.addAll(d.bindings());
        }
        for (var f : facts) {
            n += 60 + f.payload().length + f.signature().length;
        }
        return n;
    }
}
