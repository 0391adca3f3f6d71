package io.ferry.exchange;

import io.ferry.catalog.ClusterTable;
import io.ferry.transfer.PeerClient;

/** Exchanges makes the {@link Exchange} of the configured mode. */
public final class Exchanges {
    private Exchanges() {
    }

    public static Exchange open(ExchangeConfig config, Advertisement self, ClusterTable table, PeerClient client,
                                java.time.Clock clock) {
        GossipExchange.Mode mode = config.mode() == ExchangeConfig.Mode.POLL ? GossipExchange.Mode.POLL
                : GossipExchange.Mode.GOSSIP;
        if (config.mode() == ExchangeConfig.Mode.CENTRAL) {
            return new CentralExchange(self, table, config.redis(), config.contacts());
        }
        SwimMembership members = new SwimMembership(self.id(), table, client, config.contacts(), clock);
        return new GossipExchange(mode, self, table, client, members, config.contacts(), new java.util.Random());
    }
}
