package io.ferry.exchange.swim;

import io.ferry.trust.NodeId;
import java.util.List;

/**
 * The membership protocol's messages (docs/protocol.md, "Membership"). Every one carries piggybacked
 * {@link Update}s. A {@link Ping} is answered by an {@link Ack}; a {@link PingReq} asks the answerer to
 * ping {@code target} and answer Ack if it answered, {@link Nack} if not (Lifeguard: a nack tells the
 * asker that the helper, at least, is well). {@link Gossip} spreads news and is answered by an Ack.
 * {@link Sync} is the full push-pull of member lists: on join and now and then.
 */
public sealed interface SwimMessage {
    List<Update> updates();

    record Ping(long seq, NodeId target, List<Update> updates) implements SwimMessage {
        public Ping {
            updates = List.copyOf(updates);
        }
    }

    record Ack(long seq, List<Update> updates) implements SwimMessage {
        public Ack {
            updates = List.copyOf(updates);
        }
    }

    record PingReq(long seq, NodeId target, String address, List<Update> updates) implements SwimMessage {
        public PingReq {
            updates = List.copyOf(updates);
        }
    }

    record Nack(long seq, List<Update> updates) implements SwimMessage {
        public Nack {
            updates = List.copyOf(updates);
        }
    }

    record Gossip(List<Update> updates) implements SwimMessage {
        public Gossip {
            updates = List.copyOf(updates);
        }
    }

    /** @param updates every member the sender knows, itself included */
    record Sync(List<Update> updates) implements SwimMessage {
        public Sync {
            updates = List.copyOf(updates);
        }
    }
}
