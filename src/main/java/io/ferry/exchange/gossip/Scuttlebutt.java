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
        wire.call(peer, address, new GossipMessage.Syn(hash(mine), mine.size()), reply -> {
            if (reply instanceof GossipMessage.Versions v) {
                Map<NodeId, Long> now = digest();
                wire.call(peer, address, new GossipMessage.Push(now, lacking(now, v.versions())), r -> {
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
            reply.accept(s.count() == mine.size() && Arrays.equals(s.hash(), hash(mine))
                    ? new GossipMessage.Same() : new GossipMessage.Versions(mine));
        } else if (m instanceof GossipMessage.Push p) {
            take(p.deltas());
            reply.accept(new GossipMessage.Deltas(lacking(digest(), p.versions())));
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
            lastPrint = print;
        }
        return lastHash;
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
