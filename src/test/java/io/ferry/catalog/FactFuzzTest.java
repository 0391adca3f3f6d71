package io.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Entries;
import io.ferry.testing.FuzzTries;
import io.ferry.testing.TestCa;
import io.ferry.trust.FactSigner;
import io.ferry.trust.FactVerifier;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.roaringbitmap.RoaringBitmap;

/**
 * What a peer sends is decoded strictly: arbitrary or mutated payloads and table entries either decode
 * (and then to the very bytes they came from) or fail with {@link FactFormatException}, never with
 * anything else; a merge of a mutated entry never throws, and what it keeps still verifies. Tries:
 * {@code -Dferry.fuzz.tries=N} (default 1000).
 */
@AddLifecycleHook(FuzzTries.class)
class FactFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestCa CA = new TestCa("fuzz-ca", Clock.systemUTC());
    private static final FactVerifier VERIFIER = CA.verifier();
    private static final ManifestId M = ManifestId.parse("12".repeat(32));

    /** Decodes with every decoder; each must succeed canonically or fail typed. */
    private static void decodesStrictly(byte[] payload) {
        try {
            assertThat(NodeAddress.decode(payload).encode()).isEqualTo(payload);
        } catch (FactFormatException expected) {
            // refused: fine
        }
        try {
            assertThat(ImageBinding.decode(payload).encode()).isEqualTo(payload);
        } catch (FactFormatException expected) {
            // refused: fine
        }
        try {
            assertThat(SegmentHolding.decode(payload).encode()).isEqualTo(payload);
        } catch (FactFormatException expected) {
            // refused: fine
        }
    }

    @Property
    void arbitraryPayloads_decodeCanonicallyOrFailTyped(@ForAll byte[] payload) {
        decodesStrictly(payload);
    }

    @Provide
    Arbitrary<byte[]> valid() {
        return Arbitraries.oneOf(
                Arbitraries.of("127.0.0.1:7421", "node-a:1", "[::1]:65535").map(a -> NodeAddress.of(a).encode()),
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(n -> new ImageBinding("v" + (n % 100), M, n,
                        new ImageDigest("ef".repeat(32))).encode()),
                Arbitraries.integers().between(0, 200_000).flatMap(chunks -> Arbitraries.integers().between(0, 2000)
                        .list().ofMaxSize(50).map(ixs -> {
                            RoaringBitmap held = new RoaringBitmap();
                            ixs.stream().filter(i -> i < chunks).forEach(held::add);
                            return SegmentHolding.of(M, chunks, false, held).get(0).encode();
                        })));
    }

    @Property
    void mutatedPayloads_decodeCanonicallyOrFailTyped(@ForAll("valid") byte[] payload, @ForAll Random random) {
        decodesStrictly(mutate(payload, random));
    }

    /** One random change: a byte flipped, the bytes cut short or lengthened, a length field garbled. */
    static byte[] mutate(byte[] b, Random random) {
        byte[] out = b.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                if (out.length > 0) {
                    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> out = Arrays.copyOf(out, out.length == 0 ? 0 : random.nextInt(out.length));
            case 2 -> out = Arrays.copyOf(out, out.length + 1 + random.nextInt(4));
            default -> {
                if (out.length > 1) {
                    out[random.nextInt(2)] = (byte) random.nextInt(256);
                }
            }
        }
        return out;
    }

    /** A genuine entry of node "n" (signed with the test CA), relaying a binding of publisher "p". */
    private static TableEntry genuine(long version) {
        FactSigner n = CA.signer(NodeId.of("n"));
        SignedFact binding = Entries.binding(CA.signer(NodeId.of("p")), 5, "v2", M, 1 << 20, new ImageDigest("ef".repeat(32)));
        return Entries.entry(n, "127.0.0.1:7421", version, List.of(binding),
                Entries.some(M, 100_000, RoaringBitmap.bitmapOf(1, 2, 3, 70_000)));
    }

    /** A few genuine entries, signed once: signing per try would cost more than the fuzzing. */
    private static final List<byte[]> GENUINE = java.util.stream.LongStream.rangeClosed(1, 4).mapToObj(v -> {
        try {
            return JSON.writeValueAsBytes(genuine(v));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }).toList();

    @Provide
    Arbitrary<byte[]> mutatedEntries() {
        return Arbitraries.of(GENUINE).flatMap(json -> Arbitraries.randoms().map(r -> {
            try {
                return r.nextBoolean() ? mutate(json, r) : mutateFact(json, r);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    /** Changes one field of one fact of an entry's JSON, so the JSON stays well-formed. */
    private static byte[] mutateFact(byte[] json, Random r) throws Exception {
        ObjectNode entry = (ObjectNode) JSON.readTree(json);
        List<String> lists = List.of("address", "bindings", "holdings");
        JsonNode where = entry.get(lists.get(r.nextInt(3)));
        ObjectNode fact = (ObjectNode) (where.isArray() ? where.get(r.nextInt(where.size())) : where);
        switch (r.nextInt(6)) {
            case 0, 1 -> fact.put("payload", Base64.getEncoder().encodeToString(
                    mutate(Base64.getDecoder().decode(fact.get("payload").asText()), r)));
            case 2 -> fact.put("version", fact.get("version").asLong() + 1 + r.nextInt(1 << 20));
            case 3 -> fact.put("origin", List.of("p", "n", "self", "x").get(r.nextInt(4)));
            case 4 -> fact.put("kind", List.of("address", "binding", "holding", "").get(r.nextInt(4)));
            default -> ((ArrayNode) entry.get("holdings")).add(entry.get("bindings").get(0));
        }
        return JSON.writeValueAsBytes(entry);
    }

    @Property
    void mutatedEntries_parseDecodeAndMergeFailOnlyTyped_andWhatIsKeptVerifies(@ForAll("mutatedEntries") byte[] json)
            throws Exception {
        TableEntry e;
        try {
            e = TableEntry.parse(json);
        } catch (FactFormatException refused) {
            return;
        }
        try {
            KnownNode.of(e);
        } catch (FactFormatException refused) {
            // fine: merging will drop what does not decode
        }
        FactVerifier verifier = VERIFIER;
        ClusterTable table = new ClusterTable(DriverManager.getConnection("jdbc:sqlite::memory:"), NodeId.of("self"),
                Clock.systemUTC(), verifier);
        try {
            assertThatCode(() -> table.merge(e)).doesNotThrowAnyException();
            for (TableEntry kept : table.entries()) {
                assertThat(KnownNode.of(kept).node()).isEqualTo(NodeId.of("n"));
                for (SignedFact f : concat(kept)) {
                    assertThatCode(() -> verifier.verify(f)).doesNotThrowAnyException();
                }
                assertThat(kept.holdings()).allMatch(f -> f.origin().equals(NodeId.of("n")));
            }
        } finally {
            table.close();
        }
    }

    @Property
    void mutatedEntries_mergedWithTheOpenVerifier_neverThrow(@ForAll("mutatedEntries") byte[] json) throws Exception {
        TableEntry e;
        try {
            e = TableEntry.parse(json);
        } catch (FactFormatException refused) {
            return;
        }
        ClusterTable table = new ClusterTable(DriverManager.getConnection("jdbc:sqlite::memory:"), NodeId.of("self"),
                Clock.systemUTC(), FactVerifier.open());
        try {
            table.merge(e);
            for (TableEntry kept : table.entries()) {
                KnownNode.of(kept); // whatever was kept decodes
            }
        } finally {
            table.close();
        }
    }

    private static List<SignedFact> concat(TableEntry e) {
        List<SignedFact> all = new java.util.ArrayList<>();
        all.add(e.address());
        all.addAll(e.bindings());
        all.addAll(e.holdings());
        return all;
    }
}
