package io.ferry.exchange.swim;

import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.FactReader;
import io.ferry.catalog.FactWriter;
import io.ferry.catalog.PeerAddress;
import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * SwimCodec is the binary form of a {@link SwimMessage}: a type byte, a sequence number where the message
 * has one, the target where it has one, then the updates (node, canonical host:port, incarnation, state,
 * and who suspects). Strict and bounded: a sync of up to {@link #MAX_SYNC} bytes, anything else up to
 * {@link #MAX}; counts are checked against the bytes left before anything is allocated; anything
 * malformed is a {@link FactFormatException}.
 */
public final class SwimCodec {
    public static final int MAX = 64 << 10;
    public static final int MAX_SYNC = 4 << 20;
    private static final MemberState[] STATES = MemberState.values();

    private SwimCodec() {
    }

    public static byte[] encode(SwimMessage m) {
        FactWriter w = new FactWriter();
        if (m instanceof SwimMessage.Ping p) {
            target(w.u8(1).u64(p.seq()), p.target());
        } else if (m instanceof SwimMessage.Ack a) {
            w.u8(2).u64(a.seq());
        } else if (m instanceof SwimMessage.PingReq r) {
            target(w.u8(3).u64(r.seq()), r.target()).string(r.address());
        } else if (m instanceof SwimMessage.Nack n) {
            w.u8(4).u64(n.seq());
        } else if (m instanceof SwimMessage.Gossip) {
            w.u8(5);
        } else if (m instanceof SwimMessage.Sync) {
            w.u8(6);
        }
        w.u32(m.updates().size());
        for (Update u : m.updates()) {
            w.string(u.node().value()).string(u.address()).u64(u.incarnation()).u8(u.state().ordinal());
            target(w, u.by());
        }
        return w.toBytes();
    }

    private static FactWriter target(FactWriter w, NodeId id) {
        return id == null ? w.u8(0) : w.u8(1).string(id.value());
    }

    public static SwimMessage decode(byte[] bytes) throws FactFormatException {
        if (bytes.length > MAX_SYNC || bytes.length > MAX && (bytes.length == 0 || bytes[0] != 6)) {
            throw new FactFormatException("a membership message of " + bytes.length + " bytes is too long");
        }
        FactReader r = new FactReader(bytes, "a membership message");
        int type = r.u8();
        SwimMessage m;
        try {
            m = switch (type) {
                case 1 -> {
                    long seq = r.u64();
                    yield new SwimMessage.Ping(seq, node(r), updates(r));
                }
                case 2 -> new SwimMessage.Ack(r.u64(), updates(r));
                case 3 -> {
                    long seq = r.u64();
                    NodeId target = node(r);
                    String address = address(r);
                    if (target == null) {
                        throw r.invalid("an indirect ping without a target");
                    }
                    yield new SwimMessage.PingReq(seq, target, address, updates(r));
                }
                case 4 -> new SwimMessage.Nack(r.u64(), updates(r));
                case 5 -> new SwimMessage.Gossip(updates(r));
                case 6 -> new SwimMessage.Sync(updates(r));
                default -> throw r.invalid("unknown message type " + type);
            };
        } catch (IllegalArgumentException e) {
            throw r.invalid(e.getMessage());
        }
        r.end();
        return m;
    }

    private static NodeId node(FactReader r) throws FactFormatException {
        int has = r.u8();
        if (has > 1) {
            throw r.invalid("a presence flag of " + has);
        }
        return has == 0 ? null : NodeId.of(r.string(64));
    }

    private static String address(FactReader r) throws FactFormatException {
        String s = r.string(300);
        if (!PeerAddress.parse(s).toString().equals(s)) {
            throw r.invalid("'" + s + "' is not an address written canonically");
        }
        return s;
    }

    private static List<Update> updates(FactReader r) throws FactFormatException {
        int n = r.u31();
        if ((long) n * 16 > r.remaining()) {
            throw r.invalid(n + " updates cannot fit in the " + r.remaining() + " bytes left");
        }
        List<Update> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NodeId node = NodeId.of(r.string(64));
            String address = address(r);
            long incarnation = r.u64();
            int state = r.u8();
            if (state >= STATES.length || incarnation < 0) {
                throw r.invalid("state " + state + ", incarnation " + incarnation);
            }
            out.add(new Update(node, address, incarnation, STATES[state], node(r)));
        }
        return out;
    }
}
