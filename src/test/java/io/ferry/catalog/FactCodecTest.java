package io.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.ManifestId;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** The canonical encodings of the three kinds of fact: each round-trips, and nothing else decodes. */
class FactCodecTest {
    private static final ManifestId M = ManifestId.parse("ab".repeat(32));
    private static final ImageDigest D = new ImageDigest("cd".repeat(32));

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void address_roundTripsAndIsTheLengthPrefixedString() throws Exception {
        NodeAddress a = NodeAddress.of("127.0.0.1:7421");
        assertThat(a.encode()).isEqualTo(concat(hex("000e"), "127.0.0.1:7421".getBytes()));
        assertThat(NodeAddress.decode(a.encode())).isEqualTo(a);
        assertThat(NodeAddress.decode(NodeAddress.of("[::1]:1").encode()).toString()).isEqualTo("[::1]:1");
    }

    @Test
    void address_notHostPort_trailingBytesOrTruncated_refused() {
        for (String bad : List.of("127.0.0.1:7421/v1/admin", "evil.com:80#", "a@b:1", "h:0", "")) {
            byte[] b = new FactWriter().string(bad).toBytes();
            assertThatThrownBy(() -> NodeAddress.decode(b)).as(bad).isInstanceOf(FactFormatException.class);
        }
        byte[] good = NodeAddress.of("h:1").encode();
        assertThatThrownBy(() -> NodeAddress.decode(concat(good, new byte[1]))).isInstanceOf(FactFormatException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> NodeAddress.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(FactFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> NodeAddress.decode(null)).isInstanceOf(FactFormatException.class);
    }

    @Test
    void binding_roundTripsInItsFixedLayout() throws Exception {
        ImageBinding b = new ImageBinding("v2", M, 2147483648L, D);
        byte[] e = b.encode();
        assertThat(e).isEqualTo(concat(hex("0002"), "v2".getBytes(), M.bytes(), hex("0000000080000000"), D.bytes()));
        assertThat(ImageBinding.decode(e)).isEqualTo(b);
    }

    @Test
    void binding_withoutDigest_endsAfterTheSizeAndRoundTrips() throws Exception {
        ImageBinding b = new ImageBinding("v2", M, 2147483648L, null);
        byte[] e = b.encode();
        assertThat(e).isEqualTo(concat(hex("0002"), "v2".getBytes(), M.bytes(), hex("0000000080000000")));
        assertThat(ImageBinding.decode(e)).isEqualTo(b);
        byte[] cut = Arrays.copyOf(new ImageBinding("v2", M, 1, D).encode(), e.length + 16); // half a digest
        assertThatThrownBy(() -> ImageBinding.decode(cut)).isInstanceOf(FactFormatException.class);
    }

    @Test
    void binding_badNameNegativeSizeBadUtf8OrTrailing_refused() {
        byte[] id = M.bytes();
        byte[] d = D.bytes();
        assertThatThrownBy(() -> ImageBinding.decode(concat(hex("0003"), "../".getBytes(), id, hex("0000000000000001"), d)))
                .isInstanceOf(FactFormatException.class).hasMessageContaining("invalid image name");
        assertThatThrownBy(() -> ImageBinding.decode(concat(hex("0002"), "v2".getBytes(), id, hex("ffffffffffffffff"), d)))
                .isInstanceOf(FactFormatException.class);
        assertThatThrownBy(() -> ImageBinding.decode(concat(hex("0002 c328"), id, hex("0000000000000001"), d)))
                .isInstanceOf(FactFormatException.class).hasMessageContaining("UTF-8");
        byte[] good = new ImageBinding("v2", M, 1, D).encode();
        assertThatThrownBy(() -> ImageBinding.decode(concat(good, hex("00")))).isInstanceOf(FactFormatException.class);
        assertThatThrownBy(() -> ImageBinding.decode(Arrays.copyOf(good, 40))).isInstanceOf(FactFormatException.class);
    }

    @Test
    void holding_roundTripsAsRuns() throws Exception {
        RoaringBitmap bits = RoaringBitmap.bitmapOf(0, 1, 2, 10, 65535);
        SegmentHolding h = new SegmentHolding(M, 0, 70_000, false, bits);
        byte[] e = h.encode();
        // id, segment 0, 70000 chunks, not whole, 3 runs: [0,3) [10,11) [65535,65536)
        assertThat(e).isEqualTo(concat(M.bytes(), hex("00000000 00011170 00 00000003 0000 0002 0007 0000 fff4 0000")));
        assertThat(SegmentHolding.decode(e)).isEqualTo(h);
        SegmentHolding last = new SegmentHolding(M, 1, 70_000, true, RoaringBitmap.bitmapOfRange(0, 70_000 - 65_536));
        assertThat(SegmentHolding.decode(last.encode())).isEqualTo(last);
        SegmentHolding empty = new SegmentHolding(M, 0, 0, true, new RoaringBitmap());
        assertThat(SegmentHolding.decode(empty.encode())).isEqualTo(empty);
    }

    @Test
    void holding_ofSplitsByTheSegmentAndAbsolutePutsItBack() {
        RoaringBitmap held = RoaringBitmap.bitmapOf(5, 65535, 65536, 140_000);
        List<SegmentHolding> parts = SegmentHolding.of(M, 150_000, false, held);
        assertThat(parts).extracting(SegmentHolding::segment).containsExactly(0, 1, 2);
        assertThat(parts.get(1).bits()).isEqualTo(RoaringBitmap.bitmapOf(0));
        assertThat(KnownNode.holdings(parts)).singleElement().satisfies(k -> {
            assertThat(k.bits()).isEqualTo(held);
            assertThat(k.whole()).isFalse();
        });
        assertThat(KnownNode.holdings(SegmentHolding.of(M, 150_000, true, RoaringBitmap.bitmapOfRange(0, 150_000))))
                .singleElement().satisfies(k -> assertThat(k.whole()).isTrue());
        assertThat(KnownNode.holdings(SegmentHolding.of(M, 150_000, true, RoaringBitmap.bitmapOfRange(0, 150_000))
                .subList(0, 2))).as("a segment missing: not whole").singleElement().satisfies(k -> assertThat(k.whole()).isFalse());
    }

    @Test
    void holding_nonCanonicalOrOutOfRange_refused() {
        byte[] id = M.bytes();
        List<String> bad = List.of(
                "00000000 0000000a 00 00000002 0000 0001 0000 0001", // second run touches the first
                "00000000 0000000a 00 00000001 0000 000a",           // run past the segment's end
                "00000001 0000000a 00 00000000",                     // segment 1 of a one-segment manifest
                "00000000 0000000a 02 00000000",                     // whole is 0 or 1
                "00000000 0000000a 01 00000001 0000 0008",           // whole, but chunk 9 missing
                "00000000 0000000a 01 00000000",                     // whole, but nothing held
                "00000000 8000000a 00 00000000",                     // a count past an int
                "00000000 0000000a 00 00000001 0000",                // truncated
                "00000000 0000000a 00 00000000 00");                 // trailing
        for (String b : bad) {
            assertThatThrownBy(() -> SegmentHolding.decode(concat(id, hex(b)))).as(b).isInstanceOf(FactFormatException.class);
        }
    }

    @Test
    void anEntryOnTheWire_isItsThreePartsOfFactsWithTheirSixFields() throws Exception {
        io.ferry.trust.FactSigner a = io.ferry.trust.FactSigner.unsigned(io.ferry.trust.NodeId.of("a"));
        TableEntry e = io.ferry.testing.Entries.entry(a, "h:1", 3, List.of(), io.ferry.testing.Entries.whole(M, 2));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(e));
        assertThat(json.fieldNames()).toIterable().containsExactly("address", "bindings", "holdings");
        assertThat(json.get("address").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("origin", "kind", "version", "payload", "signature", "certificate");
        TableEntry back = TableEntry.parse(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(e));
        assertThat(back.holdings().get(0).payload()).isEqualTo(e.holdings().get(0).payload());
        assertThatThrownBy(() -> TableEntry.parse("{\"address\": null, \"bindings\": [], \"holdings\": []}".getBytes()))
                .isInstanceOf(FactFormatException.class);
        assertThatThrownBy(() -> TableEntry.parse("null".getBytes())).isInstanceOf(FactFormatException.class);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
