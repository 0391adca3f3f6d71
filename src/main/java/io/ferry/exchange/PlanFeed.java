package io.ferry.exchange;

import io.ferry.trust.NodeId;
import io.ferry.catalog.KnownNode;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import io.ferry.plan.PeerProfile;
import io.ferry.plan.Plan;
import java.io.IOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PlanFeed tells a delivery's plan what the cluster view says about who holds its missing chunks, learning
 * only from entries that changed since the last time.
 */
public final class PlanFeed {
    private static final Logger log = LoggerFactory.getLogger(PlanFeed.class);

    private final ClusterView view;
    private final Holders holders;
    private final Holders.Manifests manifests;
    private final BitSet missing;
    private final ChunkList chunks;
    private final Map<NodeId, Long> learnt = new HashMap<>();
    private PeerProfiles.Snapshot known;
    private Map<NodeId, String> sites = Map.of();
    private final PeerProfiles profiles;
    private final ManifestId target;

    public PlanFeed(ClusterView view, Holders.Manifests manifests, ManifestId manifestId, ChunkList chunks, BitSet missing,
                    PeerProfiles profiles) {
        this.view = view;
        this.profiles = profiles;
        this.target = manifestId;
        this.holders = view.holders(manifestId, chunks);
        this.manifests = manifests;
        this.missing = missing;
        this.chunks = chunks;
    }

    /**
     * Tells the plan every holder of its missing chunks the table names, from entries new since last time.
     * Only verified nodes are read ({@link ClusterView#others}), and the plan takes every one of them: no
     * node that did not prove who it is can take another's place.
     */
    public void learn(Plan plan) {
        Iterable<KnownNode> entries;
        try {
            entries = view.others();
        } catch (IOException e) {
            log.warn("cannot read the cluster table: {}", e.getMessage());
            return;
        }
        boolean sitesRead = false;
        for (KnownNode e : entries) {
            if (plan.isDropped(e.node()) || Long.valueOf(e.version()).equals(learnt.get(e.node()))) {
                continue;
            }
            if (known == null) { // the history changes only when a run ends: read once per delivery
                known = profiles.snapshot();
            }
            if (!learnt.containsKey(e.node()) && !sitesRead) { // a certificate's site does not change: read
                sites = sites();                                  // when new nodes appear, once a round
                sitesRead = true;
            }
            learnt.put(e.node(), e.version());
            PeerProfile profile = known.of(e, sites.get(e.node()));
            plan.addPeer(profile);
            KnownNode.Holding arriving = e.holding(target);
            if (arriving != null && !arriving.whole() && profile.site() != null && profile.site().equals(profiles.site())) {
                plan.siteMate(e.node()); // a node of this site delivering the same image now
            }
            Holders.Sink sink = (node, i, byIndex) -> {
                if (missing.get(i)) {
                    if (byIndex) {
                        plan.addTargetHolder(node, i);
                    } else {
                        plan.addHolder(node, chunks.id(i));
                    }
                }
            };
            holders.ofTarget(e, sink);
            if (!plan.holdsAllPending(e.node())) {
                // only then can its other images offer more; their manifests cost about 0.5 MB per
                // GiB of image on the wire, so a node holding the whole target is not asked for them
                holders.viaOthers(e, manifests, sink);
            }
        }
    }

    private Map<NodeId, String> sites() {
        try {
            return view.sites();
        } catch (IOException e) {
            log.warn("cannot read the peers' sites: {}", e.getMessage());
            return Map.of();
        }
    }
}
