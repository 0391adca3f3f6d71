package io.ferry.exchange;

import io.ferry.catalog.ClusterTable;
import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.NodeAddress;
import io.ferry.catalog.TableEntry;
import io.ferry.transfer.PeerClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Exchanges makes the {@link Exchange} of the configured mode. */
public final class Exchanges {
    private Exchanges() {
    }

    public static Exchange open(ExchangeConfig config, Advertisement self, ClusterTable table, PeerClient client) {
        GossipExchange.Mode mode = config.mode() == ExchangeConfig.Mode.POLL ? GossipExchange.Mode.POLL
                : GossipExchange.Mode.GOSSIP;
        if (config.mode() == ExchangeConfig.Mode.CENTRAL) {
            throw new IllegalArgumentException("--exchange central is not built yet");
        }
        return new GossipExchange(mode, self, table, client, () -> inTable(table), config.contacts(),
                new java.util.Random());
    }

    /** Every node in the table, at the address its signed entry gives (the contacts without a membership). */
    static List<Contacts.Contact> inTable(ClusterTable table) {
        List<Contacts.Contact> out = new ArrayList<>();
        try {
            for (TableEntry e : table.entries()) {
                out.add(new Contacts.Contact(e.node(), NodeAddress.decode(e.address().payload()).toString()));
            }
        } catch (FactFormatException e) {
            // an address that does not decode was never merged
        } catch (IOException e) {
            // no table to read: only the first contacts then
        }
        return out;
    }
}
