package io.ferry.exchange;

import io.ferry.catalog.ClusterTable;
import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.KnownNode;
import io.ferry.catalog.Signed;
import io.ferry.catalog.TableEntry;
import io.ferry.catalog.TableIndex;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.FactVerifier;
import io.ferry.trust.ForgedFactException;
import io.ferry.trust.NodeId;
import io.ferry.trust.Policy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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

    /**
     * The binding of {@code name} that policy and the publishers' signatures decide (see {@link NameResolver}),
     * with where to ask for its manifest: its publisher first, then every node that relays it or holds the manifest.
     */
    public Located locate(String name) throws IOException {
        NameResolver.Candidate c = names.resolve(name, table.bindings(name));
        Set<String> out = new LinkedHashSet<>();
        List<TableIndex.Holder> holders = table.holders(name, c.binding().manifestId());
        holders.stream().filter(h -> h.node().equals(c.fact().origin())).forEach(h -> out.add(h.address()));
        holders.forEach(h -> out.add(h.address()));
        return new Located(c.binding(), c.fact(), List.copyOf(out));
    }

    /**
     * Every image the table names, this node's own included, with how many nodes relay and hold it, from
     * the table's index (no entry is decoded but this node's own): what {@code ferry table} shows.
     */
    public List<TableIndex.Image> images() throws IOException {
        KnownNode me = own();
        Map<String, TableIndex.Image> out = new LinkedHashMap<>();
        for (TableIndex.Image i : table.images()) {
            out.put(i.name() + "\0" + i.manifestId().hex(), i);
        }
        for (KnownNode.Image i : me.images()) {
            TableIndex.Image seen = out.get(i.name() + "\0" + i.manifestId().hex());
            List<NodeId> publishers = new ArrayList<>(seen == null ? List.of() : seen.publishers());
            if (!publishers.contains(i.publisher())) {
                publishers.add(i.publisher());
            }
            out.put(i.name() + "\0" + i.manifestId().hex(), new TableIndex.Image(i.name(), i.manifestId(),
                    i.binding().size(), Math.max(i.published(), seen == null ? 0 : seen.version()), List.copyOf(publishers),
                    (seen == null ? 0 : seen.relays()) + 1, seen == null ? 0 : seen.whole(), seen == null ? 0 : seen.partial()));
        }
        for (Map.Entry<String, TableIndex.Image> e : out.entrySet()) {
            KnownNode.Holding h = me.holding(e.getValue().manifestId());
            if (h != null) {
                TableIndex.Image i = e.getValue();
                e.setValue(new TableIndex.Image(i.name(), i.manifestId(), i.size(), i.version(), i.publishers(), i.relays(),
                        i.whole() + (h.whole() ? 1 : 0), i.partial() + (h.whole() ? 0 : 1)));
            }
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The nodes, this one first, that hold any of {@code manifest} or relay a binding of {@code name} to
     * it, from the table's index: what {@code ferry table --image NAME} shows.
     */
    public List<TableIndex.Holder> holders(String name, ManifestId manifest) throws IOException {
        KnownNode me = own();
        List<TableIndex.Holder> out = new ArrayList<>();
        KnownNode.Holding h = me.holding(manifest);
        boolean relays = me.images().stream().anyMatch(i -> i.name().equals(name) && i.manifestId().equals(manifest));
        if (h != null || relays) {
            out.add(new TableIndex.Holder(me.node(), me.address(), me.version(), h == null ? 0 : h.chunks(),
                    h == null ? 0 : h.bits().getLongCardinality(), h != null && h.whole(), relays));
        }
        out.addAll(table.holders(name, manifest));
        return out;
    }

    /** This node's own entry, decoded. */
    public KnownNode own() throws IOException {
        return self.state();
    }

    /** What the membership says of {@code node} (alive, suspect, dead, left), or null without one. */
    public String state(NodeId node) {
        return exchange.state(node);
    }

    /** The address node {@code id} serves at, as its newest entry says. */
    /**
     * The nodes whose signed address facts say they serve at {@code address}: a TLS connection there is
     * accepted only from one of them (empty: nobody has claimed it yet, e.g. a configured --peer).
     */
    public Set<NodeId> claimants(String address) {
        Set<NodeId> out = new java.util.HashSet<>();
        try {
            for (io.ferry.trust.SignedFact f : table.claims(address)) { // suspect and dead nodes too: their address is still theirs
                try {
                    Signed.byOrigin(verifier, f);
                    out.add(f.origin());
                } catch (ForgedFactException ex) {
                    log.debug("not counting the claim of {} to {}: {}", f.origin(), address, ex.getMessage());
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

    /** The site each verified node's certificate names (nodes without one are left out). */
    public Map<NodeId, String> sites() throws IOException {
        Map<NodeId, String> out = new java.util.HashMap<>();
        for (TableEntry t : verified()) {
            String s = site(t);
            if (s != null) {
                out.put(t.node(), s);
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
