package io.ferry.sim;

import io.ferry.catalog.Catalog;
import io.ferry.catalog.DataDir;
import io.ferry.catalog.NodeIdentity;
import io.ferry.catalog.TableEntry;
import io.ferry.chunk.ZeroChunks;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Entries;
import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TableScale fills a data directory's cluster table with {@code nodes} other nodes each holding
 * {@code images} whole images (2 GiB: 32,768 chunks) and relaying their bindings, unsigned (plaintext
 * facts: a signed one adds a signature and the origin's certificate, ~550 bytes), so that
 * {@code bench/table-scale.sh} can time {@code ferry table} on it. Usage: DIR NODES IMAGES.
 */
public final class TableScale {
    private TableScale() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int nodes = Integer.parseInt(args[1]);
        int images = Integer.parseInt(args[2]);
        try (DataDir d = DataDir.open(dir)) {
            NodeId self = NodeIdentity.load(d.root(), "self");
            try (Catalog c = new Catalog(d.catalog(), d.manifests(), new ZeroChunks(), self)) {
                for (int n = 0; n < nodes; n++) {
                    FactSigner s = FactSigner.unsigned(NodeId.of("node-" + n));
                    List<io.ferry.trust.SignedFact> bindings = new ArrayList<>();
                    List<io.ferry.catalog.SegmentHolding> holdings = new ArrayList<>();
                    for (int i = 0; i < images; i++) {
                        ManifestId m = GossipSim.manifest(i);
                        bindings.add(Entries.binding(FactSigner.unsigned(NodeId.of("node-" + (i % nodes))), 1, "image-" + i,
                                m, 2L << 30, null));
                        holdings.addAll(Entries.whole(m, 32_768));
                    }
                    TableEntry e = Entries.entry(s, "10.1." + (n >> 8) + "." + (n & 255) + ":7420", 2, bindings, holdings);
                    c.cluster().merge(e);
                }
            }
        }
    }
}
