package io.ferry.testing;

import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.TableEntry;
import io.ferry.exchange.gossip.Deltas;
import io.ferry.exchange.gossip.EntryDelta;
import io.ferry.exchange.gossip.GossipCodec;
import io.ferry.exchange.gossip.GossipMessage;
import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GossipAnswers lets a fake peer in a test speak the gossip: it answers a {@code /v1/gossip} request as a
 * node holding exactly {@code entries} would, each sent whole (every fact, as the test made it), so a
 * test can hand a node whatever entries it likes, forged or malformed ones included.
 */
public final class GossipAnswers {
    private GossipAnswers() {
    }

    public static byte[] answer(byte[] request, List<TableEntry> entries) throws FactFormatException {
        GossipMessage m = GossipCodec.decode(request);
        Map<NodeId, Long> versions = new HashMap<>();
        entries.forEach(e -> versions.put(e.node(), e.version()));
        if (m instanceof GossipMessage.Syn) {
            return GossipCodec.encode(new GossipMessage.Versions(versions, GossipMessage.Slice.WHOLE));
        }
        Map<NodeId, Long> theirs = m instanceof GossipMessage.Push p ? p.versions() : Map.of();
        List<EntryDelta> out = new ArrayList<>();
        for (TableEntry e : entries) {
            if (e.version() > theirs.getOrDefault(e.node(), 0L)) {
                out.add(Deltas.since(e, e.version(), 0));
            }
        }
        return GossipCodec.encode(new GossipMessage.Deltas(out));
    }
}
