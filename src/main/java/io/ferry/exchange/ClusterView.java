package io.ferry.exchange;

import io.ferry.catalog.ClusterTable;
import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.KnownNode;
import io.ferry.catalog.Signed;
import io.ferry.catalog.TableEntry;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.FactVerifier;
import io.ferry.trust.ForgedFactException;
import io.ferry.trust.NodeId;
import io.ferry.trust.Policy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ClusterView is the read-only answer to what the cluster table says: where an image is (decided by
 * {@link NameResolver}: policy and the publisher's signature), who holds which chunks of a manifest
 * (through {@link Holders}), and who the members are. Only nodes whose address fact still verifies are
 * read (a certificate may have expired or been denied since the entry was merged), so only verified
 * nodes are ever holders. Delivery, the planner's feed and the {@code table} and {@code peers} verbs
 * all read the table through it.
 */
public final class ClusterView {
    private static final Logger log = LoggerFactory.getLogger(ClusterView.class);

    private final Advertisement self;
    private final ClusterTable table;
    private final Exchange exchange;
    private final FactVerifier verifier;
    private final NameResolver names;

    public ClusterView(Advertisement self, ClusterTable table, Exchange exchange, FactVerifier verifier, Policy policy) {
        this.self = self;
        this.table = table;
        this.exchange = exchange;
        this.verifier = verifier;
        this.names = new NameResolver(verifier, policy);
    }

    public NodeId self() {
        return self.id();
    }

    /** The entries of other nodes whose address fact verifies now, as stored. */
    private List<TableEntry> verified() throws IOException {
        List<TableEntry> out = new ArrayList<>();
        for (TableEntry e : table.entries()) {
            try {
                Signed.byOrigin(verifier, e.address());
                out.add(e);
            } catch (ForgedFactException ex) {
                log.debug("not reading the entry of {}: {}", e.node(), ex.getMessage());
            }
        }
        return out;
    }

    /**
     * Every other verified node's newest entry, decoded, but those the membership says are suspect, dead
     * or gone: never planned as a source, never asked for a manifest, until they are alive again.
     */
    public List<KnownNode> others() throws IOException {
        return decode(verified()).stream().filter(n -> usable(n.node())).toList();
    }

    private boolean usable(NodeId node) {
        String state = exchange.state(node);
        return state == null || state.equals("alive");
    }

    private static List<KnownNode> decode(List<TableEntry> entries) {
        List<KnownNode> out = new ArrayList<>();
        for (TableEntry e : entries) {
            try {
                out.add(KnownNode.of(e));
            } catch (FactFormatException ex) {
                log.warn("cannot read the stored entry of {}: {}", e.node(), ex.getMessage());
            }
        }
        return out;
    }

    /** This node's own entry first, then every other verified node's. */
    public List<KnownNode> all() throws IOException {
        List<KnownNode> out = new ArrayList<>();
        out.add(self.state());
        out.addAll(others());
        return out;
    }

    /** The binding of {@code name} that policy and the publishers' signatures decide (see {@link NameResolver}). */
    public Located locate(String name) throws IOException {
        List<TableEntry> entries = verified();
        return names.resolve(name, entries, decode(entries));
    }

    /** The address node {@code id} serves at, as its newest entry says. */
    /**
     * The nodes whose signed address facts say they serve at {@code address}: a TLS connection there is
     * accepted only from one of them (empty: nobody has claimed it yet, e.g. a configured --peer).
     */
    public Set<NodeId> claimants(String address) {
        Set<NodeId> out = new java.util.HashSet<>();
        try {
            for (KnownNode n : decode(verified())) { // suspect and dead nodes too: their address is still theirs
                if (address.equals(n.address())) {
                    out.add(n.node());
                }
            }
        } catch (IOException e) {
            // no table to read: nobody known to claim it
        }
        return out;
    }

    public Optional<String> address(NodeId id) throws IOException {
        return all().stream().filter(e -> e.node().equals(id)).map(KnownNode::address).findFirst();
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
        for (KnownNode e : all()) {
            h.ofTarget(e, sink);
            h.viaOthers(e, known, sink);
        }
        return out;
    }

    /**
     * Every verified node in the table, whatever the membership says of it (its state is shown), then every
     * configured peer address not yet heard from.
     */
    public List<Member> members() throws IOException {
        List<Member> out = new ArrayList<>();
        Map<NodeId, Long> seen = table.lastSeen();
        Set<String> listed = new HashSet<>();
        for (TableEntry t : verified()) {
            KnownNode e;
            try {
                e = KnownNode.of(t);
            } catch (io.ferry.catalog.FactFormatException ex) {
                continue;
            }
            long bytes = e.images().stream().filter(KnownNode.Image::complete).mapToLong(i -> i.binding().size()).sum();
            String site = site(t);
            out.add(new Member(e.node(), e.address(), site, state(e.node(), e.address()), e.version(), e.images().size(),
                    bytes, seen.getOrDefault(e.node(), 0L), exchange.reachable(e.address())));
            listed.add(e.address());
        }
        for (io.ferry.exchange.swim.MemberStatus m : exchange.membership()) { // members with nothing in the table
            if (!m.node().equals(self.id()) && listed.add(m.address())) {
                out.add(new Member(m.node(), m.address(), null, m.state().name().toLowerCase(java.util.Locale.ROOT),
                        null, null, null, m.lastHeardMillis(), exchange.reachable(m.address())));
            }
        }
        for (String a : exchange.configuredPeers()) {
            if (!listed.contains(a)) {
                out.add(new Member(null, a, null, null, null, null, null, 0, exchange.reachable(a)));
            }
        }
        return out;
    }

    private String site(TableEntry t) {
        try {
            io.ferry.trust.Identity id = verifier.verify(t.address());
            return id == null ? null : id.site();
        } catch (ForgedFactException e) {
            return null; // verified() kept only entries whose address verifies
        }
    }

    /** The membership's word, or without one (a peer that does not speak it), whether it last answered. */
    private String state(NodeId node, String address) {
        String s = exchange.state(node);
        Boolean ok = exchange.reachable(address);
        return s != null ? s : ok == null ? null : ok ? "alive" : "unreachable";
    }
}
