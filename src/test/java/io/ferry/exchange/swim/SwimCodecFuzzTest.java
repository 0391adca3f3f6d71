package io.ferry.exchange.swim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.FuzzTries;
import io.ferry.testing.Mutations;
import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzes {@link SwimCodec#decode} with arbitrary bytes and mutated valid messages: it returns a message
 * or throws {@link SwimFormatException}, nothing else; valid messages round-trip byte for byte and
 * {@link SwimCodec#size} says their length.
 */
@AddLifecycleHook(FuzzTries.class)
class SwimCodecFuzzTest {
    @Provide
    Arbitrary<SwimMessage> messages() {
        return Arbitraries.integers().between(0, 5).flatMap(kind -> Arbitraries.longs().between(0, 1L << 60).map(v -> {
            List<Update> u = new ArrayList<>();
            for (int i = 0; i < v % 5; i++) {
                u.add(new Update(NodeId.of("n" + i), "10.0.0." + i + ":74" + (v % 90 + 10), v + i,
                        MemberState.values()[(int) ((v + i) % 4)], i % 2 == 0 ? null : NodeId.of("by" + i)));
            }
            NodeId t = NodeId.of("t" + v % 9);
            SwimMessage.Sender me = new SwimMessage.Sender(NodeId.of("sender-" + v % 7), "host-" + v % 5 + ".example:7420", v / 3);
            return switch (kind) {
                case 0 -> new SwimMessage.Ping(me, v, v % 2 == 0 ? null : t, u);
                case 1 -> new SwimMessage.Ack(me, v, u);
                case 2 -> new SwimMessage.PingReq(me, v, t, "[::1]:7420", u);
                case 3 -> new SwimMessage.Nack(me, v, u);
                case 4 -> new SwimMessage.Gossip(me, u);
                default -> new SwimMessage.Sync(me, u);
            };
        }));
    }

    @Property
    void validMessages_roundTripByteForByte(@ForAll("messages") SwimMessage m) throws Exception {
        byte[] b = SwimCodec.encode(m);
        assertThat(SwimCodec.decode(b)).isEqualTo(m);
        assertThat(SwimCodec.encode(SwimCodec.decode(b))).isEqualTo(b);
        assertThat(SwimCodec.size(m)).as("size() is what encode() writes").isEqualTo(b.length);
    }

    @Property
    void mutatedMessages_decodeOrAreRefused(@ForAll("messages") SwimMessage m,
                                           @ForAll("mutations") List<Mutations.Mutation> ms) {
        decodeOrRefuse(Mutations.apply(SwimCodec.encode(m), ms));
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
            SwimCodec.decode(SwimCodec.encode(SwimCodec.decode(b)));
        } catch (SwimFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
