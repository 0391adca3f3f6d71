package io.ferry.testing;

import io.ferry.catalog.ImageBinding;
import io.ferry.catalog.NodeAddress;
import io.ferry.catalog.SegmentHolding;
import io.ferry.catalog.TableEntry;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.FactSigner;
import io.ferry.trust.SignedFact;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/** Entries builds table entries and facts for tests, signed by whatever signer a test gives. */
public final class Entries {
    private Entries() {
    }

    /** {@code node}'s entry at {@code version}: its address, the bindings it relays, its holdings (signed by it). */
    public static TableEntry entry(FactSigner node, String address, long version, List<SignedFact> bindings,
                                   List<SegmentHolding> holdings) {
        return new TableEntry(node.sign(NodeAddress.KIND, version, NodeAddress.of(address).encode()), bindings,
                holdings.stream().map(h -> node.sign(SegmentHolding.KIND, version, h.encode())).toList());
    }

    /** {@code publisher}'s binding of {@code name} to {@code manifest}. */
    public static SignedFact binding(FactSigner publisher, long version, String name, ManifestId manifest, long size,
                                     ImageDigest sha256) {
        return publisher.sign(ImageBinding.KIND, version, new ImageBinding(name, manifest, size, sha256).encode());
    }

    /** Every chunk of a manifest of {@code chunks} chunks, by segment. */
    public static List<SegmentHolding> whole(ManifestId manifest, int chunks) {
        return SegmentHolding.of(manifest, chunks, true, RoaringBitmap.bitmapOfRange(0, chunks));
    }

    /** The chunks {@code held} of a manifest of {@code chunks} chunks, by segment. */
    public static List<SegmentHolding> some(ManifestId manifest, int chunks, RoaringBitmap held) {
        return SegmentHolding.of(manifest, chunks, false, held);
    }
}
