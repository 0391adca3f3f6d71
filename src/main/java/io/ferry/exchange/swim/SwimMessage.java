package io.ferry.exchange.swim;

import io.ferry.trust.NodeId;
import java.util.List;
import java.util.Objects;

/**
 * The membership protocol's messages (docs/protocol.md, "Membership"). Each names its {@link Sender}, which
 * the receiver checks against the identity the transport verified and takes as first-hand news that the
 * sender is alive at its address and incarnation (so a member missed by gossip is learnt from its first
 * message), and carries piggybacked {@link Update}s.
 * A {@link Ping} is answered by an {@link Ack}; a {@link PingReq} asks the answerer to ping {@code target}
 * and answer Ack if it answered, {@link Nack} if not (Lifeguard: a nack tells the asker that the helper, at
 * least, is well). {@link Gossip} spreads news and is answered by an Ack. {@link Sync} is the full
 * push-pull of member lists: on join and now and then.
 */
public sealed interface SwimMessage {
    Sender from();

    default NodeId sender() {
        return from().node();
    }

    List<Update> updates();

    record Ping(Sender from, long seq, NodeId target, List<Update> updates) implements SwimMessage {
        public Ping {
            Objects.requireNonNull(from, "from");
            updates = List.copyOf(updates);
        }
    }

    record Ack(Sender from, long seq, List<Update> updates) implements SwimMessage {
        public Ack {
            Objects.requireNonNull(from, "from");
            updates = List.copyOf(updates);
        }
    }

    record PingReq(Sender from, long seq, NodeId target, String address, List<Update> updates) implements SwimMessage {
        public PingReq {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(address, "address");
            updates = List.copyOf(updates);
        }
    }

    record Nack(Sender from, long seq, List<Update> updates) implements SwimMessage {
        public Nack {
            Objects.requireNonNull(from, "from");
            updates = List.copyOf(updates);
        }
    }

    record Gossip(Sender from, List<Update> updates) implements SwimMessage {
        public Gossip {
            Objects.requireNonNull(from, "from");
            updates = List.copyOf(updates);
        }
    }

    /** @param updates every member the sender knows, itself first */
    record Sync(Sender from, List<Update> updates) implements SwimMessage {
        public Sync {
            Objects.requireNonNull(from, "from");
            updates = List.copyOf(updates);
        }
    }

    /** Who sends a message: its id, the address it answers on, and its incarnation as it says it. */
    record Sender(NodeId node, String address, long incarnation) {
        public Sender {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(address, "address");
            if (incarnation < 0) {
                throw new IllegalArgumentException("a negative incarnation");
            }
        }

        Update alive() {
            return new Update(node, address, incarnation, MemberState.ALIVE, null);
        }
    }
}
