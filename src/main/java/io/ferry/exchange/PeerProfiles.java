package io.ferry.exchange;

import io.ferry.catalog.KnownNode;
import io.ferry.catalog.PeerHistories;
import io.ferry.catalog.PeerHistory;
import io.ferry.plan.PeerProfile;
import io.ferry.plan.PeerSpec;
import io.ferry.plan.PlanConfig;
import io.ferry.plan.Priority;
import io.ferry.trust.NodeId;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PeerProfiles makes the {@link PeerProfile} a plan weighs a peer by, from three sources: what the
 * operator configured of its address ({@code --peer HOST:PORT,bw=..,site=..,priority=..}), the site its
 * certificate names (which wins over a configured one: it is proven), and this node's history of it
 * ({@link PeerHistories}, by verified node id). A peer is remote when both sites are known and differ.
 * This node's site is its certificate's, else the configured one.
 */
public final class PeerProfiles {
    private static final Logger log = LoggerFactory.getLogger(PeerProfiles.class);
    private final PeerHistories histories;
    private final Map<String, PeerSpec> byAddress = new HashMap<>();
    private final String site;

    /** @param histories null: nothing is remembered across deliveries (a test's node) */
    public PeerProfiles(PlanConfig config, PeerHistories histories, String certificateSite) {
        this.histories = histories;
        this.site = certificateSite != null ? certificateSite : config.site();
        config.peers().forEach(p -> byAddress.put(p.address(), p));
    }

    /** This node's site, or null. */
    public String site() {
        return site;
    }

    /** A view of the histories as they are now, for one round of learning. */
    public Snapshot snapshot() {
        Map<NodeId, PeerHistory> h = Map.of();
        if (histories != null) {
            try {
                h = histories.all();
            } catch (IOException e) {
                log.warn("{}; planning without it", e.getMessage());
            }
        }
        return new Snapshot(h);
    }

    /** The profiles of one round: histories read once. */
    public final class Snapshot {
        private final Map<NodeId, PeerHistory> histories;

        private Snapshot(Map<NodeId, PeerHistory> histories) {
            this.histories = histories;
        }

        /** The profile of {@code e}, whose certificate names {@code certSite} (null: none, or no TLS). */
        public PeerProfile of(KnownNode e, String certSite) {
            PeerSpec spec = byAddress.get(e.address());
            String peerSite = certSite != null ? certSite : spec == null ? null : spec.site();
            boolean remote = site != null && peerSite != null && !site.equals(peerSite);
            Priority priority = spec == null || spec.priority() == null ? Priority.NORMAL : spec.priority();
            return new PeerProfile(e.node(), e.address(), peerSite, remote, priority,
                    spec == null ? null : spec.bitsPerSecond(), histories.getOrDefault(e.node(), PeerHistory.NONE));
        }
    }
}
