package io.ferry.exchange.swim;

import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.FactReader;
import io.ferry.catalog.FactWriter;
import io.ferry.catalog.PeerAddress;
import io.ferry.trust.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SwimCodec is the binary form of a {@link SwimMessage}: a type byte, the sender (id, address, incarnation), a sequence number where
 * the message has one, the target where it has one, then the updates (node, canonical host:port,
 * incarnation, state, and who suspects). Strict and bounded: a sync of up to {@link #MAX_SYNC} bytes and
 * {@link #MAX_SYNC_UPDATES} members, anything else up to {@link #MAX} bytes and {@link #MAX_UPDATES}
 * updates; lengths and counts are checked before anything is allocated; anything malformed is a
 * {@link SwimFormatException}.
 */
public final class SwimCodec {
    public static final int MAX = 64 << 10;
    public static final int MAX_SYNC = 4 << 20;
    /** Far above what one message piggybacks ({@link SwimConfig#piggyback()}), far below what 64 KiB could hold. */
    public static final int MAX_UPDATES = 512;
    public static final int MAX_SYNC_UPDATES = 100_000;
    private static final int SYNC = 6;
    /** The fewest bytes an update takes: id and address of one byte each, with their lengths, and the fixed fields. */
    private static final int MIN_UPDATE = 1 + 2 + 1 + 2 + 8 + 1 + 1;
    private static final MemberState[] STATES = MemberState.values();

    private SwimCodec() {
    }

    public static byte[] encode(SwimMessage m) {
        FactWriter w = new FactWriter();
        w.u8(type(m)).string(m.sender().value()).string(m.from().address()).u64(m.from().incarnation());
        if (m instanceof SwimMessage.Ping p) {
            target(w.u64(p.seq()), p.target());
        } else if (m instanceof SwimMessage.Ack a) {
            w.u64(a.seq());
        } else if (m instanceof SwimMessage.PingReq r) {
            w.u64(r.seq()).string(r.target().value()).string(r.address());
        } else if (m instanceof SwimMessage.Nack n) {
            w.u64(n.seq());
        }
        w.u32(m.updates().size());
        for (Update u : m.updates()) {
            w.string(u.node().value()).string(u.address()).u64(u.incarnation()).u8(u.state().ordinal());
            target(w, u.by());
        }
        return w.toBytes();
    }

    /** {@code encode(m).length}, without encoding: what the counters and the simulation charge per message. */
    public static int size(SwimMessage m) {
        int n = 1 + string(m.sender().value()) + string(m.from().address()) + 8;
        if (m instanceof SwimMessage.Ping p) {
            n += 8 + 1 + (p.target() == null ? 0 : string(p.target().value()));
        } else if (m instanceof SwimMessage.PingReq r) {
            n += 8 + string(r.target().value()) + string(r.address());
        } else if (m instanceof SwimMessage.Ack || m instanceof SwimMessage.Nack) {
            n += 8;
        }
        n += 4;
        for (Update u : m.updates()) {
            n += string(u.node().value()) + string(u.address()) + 8 + 1 + 1 + (u.by() == null ? 0 : string(u.by().value()));
        }
        return n;
    }

    private static int string(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return 2 + s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return 2 + n;
    }

    private static int type(SwimMessage m) {
        if (m instanceof SwimMessage.Ping) {
            return 1;
        } else if (m instanceof SwimMessage.Ack) {
            return 2;
        } else if (m instanceof SwimMessage.PingReq) {
            return 3;
        } else if (m instanceof SwimMessage.Nack) {
            return 4;
        } else if (m instanceof SwimMessage.Gossip) {
            return 5;
        }
        return SYNC;
    }

    private static FactWriter target(FactWriter w, NodeId id) {
        return id == null ? w.u8(0) : w.u8(1).string(id.value());
    }

    public static SwimMessage decode(byte[] bytes) throws SwimFormatException {
        boolean sync = bytes.length > 0 && bytes[0] == SYNC;
        if (bytes.length > (sync ? MAX_SYNC : MAX)) {
            throw new SwimFormatException("a membership message of " + bytes.length + " bytes is too long");
        }
        try {
            return read(new FactReader(bytes, "a membership message"));
        } catch (FactFormatException e) {
            throw new SwimFormatException(e.getMessage());
        }
    }

    private static SwimMessage read(FactReader r) throws FactFormatException {
        int type = r.u8();
        SwimMessage m;
        try {
            SwimMessage.Sender sender = sender(r);
            m = switch (type) {
                case 1 -> {
                    long seq = r.u64();
                    yield new SwimMessage.Ping(sender, seq, optional(r), updates(r, false));
                }
                case 2 -> new SwimMessage.Ack(sender, r.u64(), updates(r, false));
                case 3 -> {
                    long seq = r.u64();
                    NodeId target = id(r);
                    yield new SwimMessage.PingReq(sender, seq, target, address(r), updates(r, false));
                }
                case 4 -> new SwimMessage.Nack(sender, r.u64(), updates(r, false));
                case 5 -> new SwimMessage.Gossip(sender, updates(r, false));
                case SYNC -> new SwimMessage.Sync(sender, updates(r, true));
                default -> throw r.invalid("unknown message type " + type);
            };
        } catch (IllegalArgumentException e) {
            throw r.invalid(e.getMessage());
        }
        r.end();
        return m;
    }

    private static SwimMessage.Sender sender(FactReader r) throws FactFormatException {
        NodeId node = id(r);
        String address = address(r);
        long incarnation = r.u64();
        if (incarnation < 0) {
            throw r.invalid("incarnation " + incarnation);
        }
        return new SwimMessage.Sender(node, address, incarnation);
    }

    private static NodeId id(FactReader r) throws FactFormatException {
        return NodeId.of(r.string(64));
    }

    private static NodeId optional(FactReader r) throws FactFormatException {
        int has = r.u8();
        if (has > 1) {
            throw r.invalid("a presence flag of " + has);
        }
        return has == 0 ? null : id(r);
    }

    private static String address(FactReader r) throws FactFormatException {
        String s = r.string(300);
        if (!PeerAddress.parse(s).toString().equals(s)) {
            throw r.invalid("'" + s + "' is not an address written canonically");
        }
        return s;
    }

    private static List<Update> updates(FactReader r, boolean sync) throws FactFormatException {
        int n = r.u31();
        int max = sync ? MAX_SYNC_UPDATES : MAX_UPDATES;
        if (n > max) {
            throw r.invalid(n + " updates, at most " + max + " allowed");
        }
        if ((long) n * MIN_UPDATE > r.remaining()) {
            throw r.invalid(n + " updates cannot fit in the " + r.remaining() + " bytes left");
        }
        List<Update> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NodeId node = id(r);
            String address = address(r);
            long incarnation = r.u64();
            int state = r.u8();
            if (state >= STATES.length || incarnation < 0) {
                throw r.invalid("state " + state + ", incarnation " + incarnation);
            }
            out.add(new Update(node, address, incarnation, STATES[state], optional(r)));
        }
        return out;
    }
}
