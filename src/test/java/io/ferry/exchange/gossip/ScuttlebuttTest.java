package io.ferry.exchange.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.catalog.KnownNode;
import io.ferry.catalog.NodeAddress;
import io.ferry.catalog.SegmentHolding;
import io.ferry.catalog.TableEntry;
import io.ferry.manifest.ManifestId;
import io.ferry.sim.MapBook;
import io.ferry.testing.Entries;
import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * The gossip between in-memory books over a wire that answers at once, every message through the codec:
 * convergence through a relay, what a round costs in step, that a gain travels alone, that a dropped
 * holding disappears, and that a book missing what a delta counts on asks for the whole entry.
 */
class ScuttlebuttTest {
    private static final ManifestId M = ManifestId.of(new byte[32]);
    private final Map<NodeId, Peer> peers = new HashMap<>();
    private final List<byte[]> wireLog = new ArrayList<>();

    /** A node: its own entry (the test changes it), its book and its protocol. */
    private final class Peer {
        final NodeId id;
        final FactSigner signer;
        TableEntry own;
        long bindingsVersion = 1;
        final MapBook book;
        final Scuttlebutt protocol;

        Peer(String name) {
            id = NodeId.of(name);
            signer = FactSigner.unsigned(id);
            own = Entries.entry(signer, "127.0.0.1:" + (7000 + peers.size()), 1, List.of(), List.of());
            book = new MapBook(id, () -> own, () -> bindingsVersion);
            protocol = new Scuttlebutt(id, book, ScuttlebuttTest.this::call, 1 << 20);
            peers.put(id, this);
        }

        String address() {
            try {
                return NodeAddress.decode(own.address().payload()).toString();
            } catch (io.ferry.catalog.FactFormatException e) {
                throw new AssertionError(e);
            }
        }

        /** Its entry at {@code version} with {@code holdings} as they are. */
        void say(long version, List<SignedFact> holdings) {
            own = new TableEntry(signer.sign(NodeAddress.KIND, version, own.address().payload()), own.bindings(), holdings);
        }

        void round(Peer with) {
            protocol.round(with.id, with.address(), () -> { });
        }
    }

    private void call(NodeId to, String address, GossipMessage m, Consumer<GossipMessage> onReply) {
        byte[] out = GossipCodec.encode(m);
        wireLog.add(out);
        Peer p = peers.values().stream().filter(x -> x.address().equals(address)).findFirst().orElseThrow();
        try {
            p.protocol.onRequest(null, GossipCodec.decode(out), reply -> {
                byte[] back = GossipCodec.encode(reply);
                wireLog.add(back);
                try {
                    onReply.accept(GossipCodec.decode(back));
                } catch (io.ferry.catalog.FactFormatException e) {
                    throw new AssertionError(e);
                }
            });
        } catch (io.ferry.catalog.FactFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static SignedFact holding(Peer p, long version, RoaringBitmap bits) {
        return p.signer.sign(SegmentHolding.KIND, version, Entries.some(M, 100, bits).get(0).encode());
    }

    private static SignedFact gain(Peer p, long version, RoaringBitmap bits) {
        return p.signer.sign(SegmentHolding.GAIN, version, Entries.some(M, 100, bits).get(0).encode());
    }

    @Test
    void entriesSpreadThroughARelay_andARoundInStepCostsTwoSmallMessages() {
        Peer a = new Peer("a");
        Peer b = new Peer("b");
        Peer c = new Peer("c");
        a.say(5, List.of(holding(a, 5, RoaringBitmap.bitmapOf(1, 2, 3))));
        a.round(b);
        b.round(c);
        assertThat(c.book.entry(a.id)).as("c learnt a's entry from b").isNotNull();
        assertThat(c.book.entry(a.id).version()).isEqualTo(5);
        c.round(a);
        assertThat(a.book.versions()).containsOnlyKeys(a.id, b.id, c.id);
        wireLog.clear();
        a.round(c);
        assertThat(wireLog).as("syn and same").hasSize(2);
        assertThat(wireLog.stream().mapToInt(x -> x.length).sum()).isLessThan(60);
    }

    @Test
    void inALargeCluster_aRoundOutOfStepSwapsOnlyTheDigestBucketsThatDiffer() throws Exception {
        Peer a = new Peer("a");
        Peer b = new Peer("b");
        for (int i = 0; i < 1000; i++) { // both already hold the same 1,000 other entries
            FactSigner other = FactSigner.unsigned(NodeId.of("other-" + i));
            TableEntry e = Entries.entry(other, "10.0." + (i >> 8) + "." + (i & 255) + ":7420", 3, List.of(), List.of());
            a.book.seed(e, 1);
            b.book.seed(e, 1);
        }
        a.round(b);
        a.say(9, List.of(holding(a, 9, RoaringBitmap.bitmapOf(4))));
        wireLog.clear();
        a.round(b);
        assertThat(b.book.version(a.id)).isEqualTo(9);
        GossipMessage.Syn syn = (GossipMessage.Syn) GossipCodec.decode(wireLog.get(0));
        assertThat(syn.prints()).hasSize(Digest.buckets(1002));
        GossipMessage.Versions v = (GossipMessage.Versions) GossipCodec.decode(wireLog.get(1));
        assertThat(v.slice().which()).as("only a's bucket differs").hasSize(1);
        assertThat(v.versions().size()).isLessThan(500);
        int whole = GossipCodec.encode(new GossipMessage.Versions(b.book.versions(), GossipMessage.Slice.WHOLE)).length;
        assertThat(wireLog.stream().mapToInt(x -> x.length).sum()).as("the round's bytes against one whole digest")
                .isLessThan(whole);
        wireLog.clear();
        a.round(b);
        assertThat(wireLog).as("in step again").hasSize(2);
    }

    @Test
    void aGainTravelsAlone_andIsReadOnTopOfTheHolding() throws Exception {
        Peer a = new Peer("a");
        Peer b = new Peer("b");
        SignedFact base = holding(a, 5, RoaringBitmap.bitmapOf(1, 2, 3));
        a.say(5, List.of(base));
        a.round(b);
        a.say(6, List.of(base, gain(a, 6, RoaringBitmap.bitmapOf(7))));
        wireLog.clear();
        a.round(b);
        GossipMessage.Push push = (GossipMessage.Push) GossipCodec.decode(wireLog.get(2));
        assertThat(push.deltas()).singleElement().satisfies(d -> {
            assertThat(d.holdings()).as("only the gain").singleElement().satisfies(f -> assertThat(f.version()).isEqualTo(6));
            assertThat(d.bindings()).as("bindings unchanged: not sent").isNull();
            assertThat(d.keys()).hasSize(2);
        });
        assertThat(KnownNode.of(b.book.entry(a.id)).holding(M).bits().toArray()).containsExactly(1, 2, 3, 7);
    }

    @Test
    void aHoldingDroppedAtItsOrigin_disappearsAtTheOthers() throws Exception {
        Peer a = new Peer("a");
        Peer b = new Peer("b");
        a.say(5, List.of(holding(a, 5, RoaringBitmap.bitmapOf(1))));
        a.round(b);
        assertThat(KnownNode.of(b.book.entry(a.id)).holdings()).hasSize(1);
        a.say(9, List.of()); // evicted
        b.round(a);
        assertThat(b.book.entry(a.id).version()).isEqualTo(9);
        assertThat(KnownNode.of(b.book.entry(a.id)).holdings()).isEmpty();
    }

    @Test
    void aBookThatLacksWhatADeltaCountsOn_asksForTheWholeEntryNext() throws Exception {
        Peer a = new Peer("a");
        Peer b = new Peer("b");
        SignedFact base = holding(a, 5, RoaringBitmap.bitmapOf(1));
        a.say(5, List.of(base));
        a.round(b);
        b.book.forget(a.id); // b keeps the version, not the facts
        a.say(6, List.of(base, gain(a, 6, RoaringBitmap.bitmapOf(2))));
        a.round(b);
        assertThat(b.book.entry(a.id)).as("the delta alone could not be applied").isNull();
        a.round(b);
        assertThat(KnownNode.of(b.book.entry(a.id)).holding(M).bits().toArray()).containsExactly(1, 2);
    }

    @Test
    void pollAsksOnlyForThePeersOwnChanges() throws Exception {
        Peer a = new Peer("a");
        Peer b = new Peer("b");
        Peer c = new Peer("c");
        c.round(b); // b knows c
        b.say(3, List.of(holding(b, 3, RoaringBitmap.bitmapOf(4))));
        a.protocol.poll(b.id, b.address(), () -> { });
        assertThat(a.book.entry(b.id).version()).isEqualTo(3);
        assertThat(a.book.entry(c.id)).as("poll brings the peer's own entry only").isNull();
        wireLog.clear();
        a.protocol.poll(b.id, b.address(), () -> { });
        GossipMessage.Deltas nothing = (GossipMessage.Deltas) GossipCodec.decode(wireLog.get(1));
        assertThat(nothing.deltas()).as("nothing new since the version a holds").isEmpty();
    }
}
