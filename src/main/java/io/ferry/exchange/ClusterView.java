package io.ferry.exchange;

import io.ferry.catalog.ClusterTable;
import io.ferry.trust.NodeId;
import io.ferry.catalog.TableEntry;
import io.ferry.catalog.UnknownImageException;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ClusterView is the read-only answer to what the cluster table says: where an image is, who holds
 * which chunks of a manifest (through {@link Holders}), and who the members are. Delivery, the planner's
 * feed and the {@code table} and {@code peers} verbs all read the table through it.
 */
public final class ClusterView {
    private final Advertisement self;
    private final ClusterTable table;
    private final Exchange exchange;

    public ClusterView(Advertisement self, ClusterTable table, Exchange exchange) {
        this.self = self;
        this.table = table;
        this.exchange = exchange;
    }

    public NodeId self() {
        return self.id();
    }

    /** Every other node's newest entry. */
    public List<TableEntry> others() throws IOException {
        return table.entries();
    }

    /** This node's own entry first, then every other node's. */
    public List<TableEntry> all() throws IOException {
        List<TableEntry> out = new ArrayList<>();
        out.add(self.entry());
        out.addAll(table.entries());
        return out;
    }

    /** Where an image known only to peers is: its manifest id and the peers to ask for the manifest. */
    public record Located(ManifestId manifestId, List<String> addresses) {
    }

    /** Of the manifests peers give image {@code name}, the one the most nodes hold complete. */
    public Located locate(String name) throws IOException {
        Map<ManifestId, Integer> votes = new HashMap<>();
        Map<ManifestId, List<String>> where = new HashMap<>();
        for (TableEntry e : table.entries()) {
            for (TableEntry.ImageEntry i : e.images()) {
                if (i.name().equals(name)) {
                    votes.merge(i.manifestId(), i.complete() ? 2 : 1, Integer::sum);
                    where.computeIfAbsent(i.manifestId(), k -> new ArrayList<>()).add(e.address());
                }
            }
        }
        ManifestId best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElseThrow(() -> new UnknownImageException(name));
        return new Located(best, where.get(best));
    }

    /** The address node {@code id} serves at, as its newest entry says. */
    public Optional<String> address(NodeId id) throws IOException {
        return all().stream().filter(e -> e.node().equals(id)).map(TableEntry::address).findFirst();
    }

    /** The holders of the chunks of manifest {@code manifestId}. */
    public Holders holders(ManifestId manifestId, ChunkList chunks) {
        return new Holders(manifestId, chunks);
    }

    /** For each chunk of the manifest, every node (this one included) that holds it, as far as known here. */
    public List<Set<NodeId>> holdersPerChunk(ManifestId manifestId, ChunkList chunks, Holders.Manifests known)
            throws IOException {
        List<Set<NodeId>> out = new ArrayList<>(chunks.count());
        for (int i = 0; i < chunks.count(); i++) {
            out.add(new LinkedHashSet<>(1));
        }
        Holders h = holders(manifestId, chunks);
        Holders.Sink sink = (node, i, byIndex) -> out.get(i).add(node);
        for (TableEntry e : all()) {
            h.ofTarget(e, sink);
            h.viaOthers(e, known, sink);
        }
        return out;
    }

    /** Every node in the table, then every configured peer address not yet heard from. */
    public List<Member> members() throws IOException {
        List<Member> out = new ArrayList<>();
        Map<NodeId, Long> seen = table.lastSeen();
        Set<String> listed = new HashSet<>();
        for (TableEntry e : table.entries()) {
            out.add(new Member(e.node(), e.address(), e.version(), e.images().size(), seen.getOrDefault(e.node(), 0L),
                    exchange.reachable(e.address())));
            listed.add(e.address());
        }
        for (String a : exchange.configuredPeers()) {
            if (!listed.contains(a)) {
                out.add(new Member(null, a, null, null, 0, exchange.reachable(a)));
            }
        }
        return out;
    }
}
