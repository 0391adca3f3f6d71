package io.ferry.exchange.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.TableEntry;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Entries;
import io.ferry.testing.FuzzTries;
import io.ferry.testing.Mutations;
import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.roaringbitmap.RoaringBitmap;

/**
 * Fuzzes {@link GossipCodec#decode} with arbitrary bytes and mutated valid messages: it may only return a
 * message (which then encodes to a valid message again) or throw {@link FactFormatException}; every valid
 * message survives a round trip byte for byte.
 */
@AddLifecycleHook(FuzzTries.class)
class GossipCodecFuzzTest {
    @Provide
    Arbitrary<GossipMessage> messages() {
        return Arbitraries.integers().between(0, 5).flatMap(kind -> Arbitraries.longs().between(1, 1L << 50).map(v -> {
            FactSigner a = FactSigner.unsigned(NodeId.of("a" + (v % 7)));
            ManifestId m = ManifestId.of(Arrays.copyOf(Long.toString(v).getBytes(), 32));
            TableEntry e = Entries.entry(a, "10.0.0." + (v % 200) + ":7420", v,
                    List.of(Entries.binding(a, v, "img" + v % 3, m, v, null)),
                    Entries.some(m, (int) (v % 70_000) + 1, RoaringBitmap.bitmapOf(0)));
            EntryDelta d;
            try {
                d = Deltas.since(e, v, v % 2 == 0 ? 0 : v - 1);
            } catch (FactFormatException ex) {
                throw new AssertionError(ex);
            }
            return switch (kind) {
                case 0 -> new GossipMessage.Syn(Arrays.copyOf(m.bytes(), 32), (int) (v % 1000), new long[] {v, -v});
                case 1 -> new GossipMessage.Same();
                case 2 -> new GossipMessage.Versions(Map.of(a.self(), v, NodeId.of("b"), 3L), GossipMessage.Slice.WHOLE);
                case 3 -> new GossipMessage.Push(Map.of(a.self(), v), List.of(d), new GossipMessage.Slice(40, new int[] {3, 39}));
                case 4 -> new GossipMessage.Deltas(List.of(d));
                default -> new GossipMessage.Pull(v);
            };
        }));
    }

    @Property
    void validMessages_roundTripByteForByte(@ForAll("messages") GossipMessage m) throws Exception {
        byte[] b = GossipCodec.encode(m);
        assertThat(GossipCodec.encode(GossipCodec.decode(b))).isEqualTo(b);
    }

    @Property
    void mutatedMessages_decodeOrAreRefused(@ForAll("messages") GossipMessage m,
                                           @ForAll("mutations") List<Mutations.Mutation> ms) {
        decodeOrRefuse(Mutations.apply(GossipCodec.encode(m), ms));
    }

    @Property
    void arbitraryBytes_decodeOrAreRefused(@ForAll byte[] b) {
        decodeOrRefuse(b);
    }

    @Provide
    Arbitrary<List<Mutations.Mutation>> mutations() {
        return Mutations.mutations();
    }

    private static void decodeOrRefuse(byte[] b) {
        try {
            GossipMessage back = GossipCodec.decode(b);
            GossipCodec.decode(GossipCodec.encode(back));
        } catch (FactFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

}
