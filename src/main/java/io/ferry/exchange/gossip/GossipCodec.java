package io.ferry.exchange.gossip;

import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.FactReader;
import io.ferry.catalog.FactWriter;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GossipCodec is the binary form of a {@link GossipMessage}: a type byte, then the fields as
 * {@link FactWriter} writes them. A certificate is written once per message and facts name it by index
 * (it is most of a fact's bytes). Decoding is strict and bounded: every count is checked against the
 * bytes left before anything is allocated, and anything malformed is a {@link FactFormatException}.
 */
public final class GossipCodec {
    /** The longest message read; an answer with many whole entries (a joining node's first round) fits. */
    public static final int MAX = 16 << 20;
    private static final int MAX_PAYLOAD = 1 << 20;
    private static final int MAX_CERT = 16 << 10;
    private static final int MAX_SIGNATURE = 1 << 10;
    private static final int NO_CERT = 0xFFFF;

    private GossipCodec() {
    }

    public static byte[] encode(GossipMessage m) {
        FactWriter w = new FactWriter();
        if (m instanceof GossipMessage.Syn s) {
            w.u8(1).fixed(s.hash(), 32).u32(s.count()).u16(s.prints().length);
            for (long print : s.prints()) {
                w.u64(print);
            }
        } else if (m instanceof GossipMessage.Same) {
            w.u8(2);
        } else if (m instanceof GossipMessage.Versions v) {
            slice(versions(w.u8(3), v.versions()), v.slice());
        } else if (m instanceof GossipMessage.Push p) {
            deltas(slice(versions(w.u8(4), p.versions()), p.slice()), p.deltas());
        } else if (m instanceof GossipMessage.Deltas d) {
            deltas(w.u8(5), d.deltas());
        } else if (m instanceof GossipMessage.Pull p) {
            w.u8(6).u64(p.since());
        }
        return w.toBytes();
    }

    public static GossipMessage decode(byte[] bytes) throws FactFormatException {
        if (bytes.length > MAX) {
            throw new FactFormatException("a gossip message of " + bytes.length + " bytes, at most " + MAX + " allowed");
        }
        FactReader r = new FactReader(bytes, "a gossip message");
        GossipMessage m;
        try {
            m = switch (r.u8()) {
                case 1 -> new GossipMessage.Syn(r.fixed(32), r.u31(), prints(r));
                case 2 -> new GossipMessage.Same();
                case 3 -> new GossipMessage.Versions(versions(r), slice(r));
                case 4 -> push(r);
                case 5 -> new GossipMessage.Deltas(deltas(r));
                case 6 -> new GossipMessage.Pull(r.u64());
                default -> throw r.invalid("unknown message type");
            };
        } catch (IllegalArgumentException | NullPointerException e) { // a record refusing what it was given
            throw r.invalid(e.getMessage());
        }
        r.end();
        return m;
    }

    /** A digest, sorted by node id: one encoding whatever order the map iterates in. */
    private static FactWriter versions(FactWriter w, Map<NodeId, Long> v) {
        w.u32(v.size());
        v.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(NodeId::value)))
                .forEach(e -> w.string(e.getKey().value()).u64(e.getValue()));
        return w;
    }

    private static Map<NodeId, Long> versions(FactReader r) throws FactFormatException {
        int n = count(r, 11);
        Map<NodeId, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (out.put(NodeId.of(r.string(64)), r.u64()) != null) {
                throw r.invalid("an origin listed twice");
            }
        }
        return out;
    }

    private static FactWriter deltas(FactWriter w, List<EntryDelta> deltas) {
        Map<ByteBuffer, Integer> certs = new LinkedHashMap<>();
        deltas.forEach(d -> facts(d).forEach(f -> {
            if (f.certificate().length > 0) {
                certs.putIfAbsent(ByteBuffer.wrap(f.certificate()), certs.size());
            }
        }));
        if (certs.size() >= NO_CERT) {
            throw new IllegalArgumentException("too many certificates for one message");
        }
        w.u32(certs.size());
        certs.keySet().forEach(c -> w.bytes(c.array()));
        w.u32(deltas.size());
        for (EntryDelta d : deltas) {
            fact(w, d.head(), certs).u64(d.since()).u64(d.bindingsVersion()).u8(d.bindings() == null ? 0 : 1);
            if (d.bindings() != null) {
                w.u32(d.bindings().size());
                d.bindings().forEach(f -> fact(w, f, certs));
            }
            w.u32(d.holdings().size());
            d.holdings().forEach(f -> fact(w, f, certs));
            w.u32(d.keys().size());
            d.keys().forEach(k -> w.u8(k.gain() ? 1 : 0).fixed(k.manifestId().bytes(), 32).u32(k.segment()).u64(k.version()));
        }
        return w;
    }

    private static List<SignedFact> facts(EntryDelta d) {
        List<SignedFact> all = new ArrayList<>();
        all.add(d.head());
        if (d.bindings() != null) {
            all.addAll(d.bindings());
        }
        all.addAll(d.holdings());
        return all;
    }

    private static FactWriter fact(FactWriter w, SignedFact f, Map<ByteBuffer, Integer> certs) {
        int cert = f.certificate().length == 0 ? NO_CERT : certs.get(ByteBuffer.wrap(f.certificate()));
        return w.string(f.origin().value()).string(f.kind()).u64(f.version()).bytes(f.payload()).bytes(f.signature()).u16(cert);
    }

    private static List<EntryDelta> deltas(FactReader r) throws FactFormatException {
        int nc = count(r, 4);
        List<byte[]> certs = new ArrayList<>(nc);
        for (int i = 0; i < nc; i++) {
            certs.add(r.bytes(MAX_CERT));
        }
        int n = count(r, 60);
        List<EntryDelta> out = new ArrayList<>(n);
        Map<NodeId, Boolean> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            SignedFact head = fact(r, certs);
            long since = r.u64();
            long bindingsVersion = r.u64();
            int has = r.u8();
            if (has > 1) {
                throw r.invalid("a bindings flag of " + has);
            }
            List<SignedFact> bindings = has == 1 ? facts(r, certs) : null;
            List<SignedFact> holdings = facts(r, certs);
            int nk = count(r, 45);
            List<EntryDelta.Key> keys = new ArrayList<>(nk);
            for (int k = 0; k < nk; k++) {
                int gain = r.u8();
                if (gain > 1) {
                    throw r.invalid("a key kind of " + gain);
                }
                keys.add(new EntryDelta.Key(gain == 1, ManifestId.of(r.fixed(32)), r.u31(), r.u64()));
            }
            if (seen.put(head.origin(), true) != null) {
                throw r.invalid("two deltas of one node");
            }
            out.add(new EntryDelta(head, since, bindingsVersion, bindings, holdings, keys));
        }
        return out;
    }

    private static List<SignedFact> facts(FactReader r, List<byte[]> certs) throws FactFormatException {
        int n = count(r, 20);
        List<SignedFact> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(fact(r, certs));
        }
        return out;
    }

    private static SignedFact fact(FactReader r, List<byte[]> certs) throws FactFormatException {
        NodeId origin = NodeId.of(r.string(64));
        String kind = r.string(32);
        long version = r.u64();
        byte[] payload = r.bytes(MAX_PAYLOAD);
        byte[] signature = r.bytes(MAX_SIGNATURE);
        int cert = r.u16();
        if (cert != NO_CERT && cert >= certs.size()) {
            throw r.invalid("certificate " + cert + " of " + certs.size());
        }
        return new SignedFact(origin, kind, version, payload, signature, cert == NO_CERT ? new byte[0] : certs.get(cert));
    }

    /** A count of items each at least {@code minBytes} long: more than the bytes left could hold is refused. */
    private static GossipMessage.Push push(FactReader r) throws FactFormatException {
        Map<NodeId, Long> versions = versions(r);
        GossipMessage.Slice slice = slice(r);
        return new GossipMessage.Push(versions, deltas(r), slice);
    }

    private static long[] prints(FactReader r) throws FactFormatException {
        int n = r.u16();
        if (n > Digest.MAX_BUCKETS || n * 8L > r.remaining()) {
            throw r.invalid(n + " bucket prints");
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.u64();
        }
        return out;
    }

    private static FactWriter slice(FactWriter w, GossipMessage.Slice s) {
        w.u16(s.of()).u16(s.which().length);
        for (int b : s.which()) {
            w.u16(b);
        }
        return w;
    }

    private static GossipMessage.Slice slice(FactReader r) throws FactFormatException {
        int of = r.u16();
        int n = r.u16();
        if (n > of || n * 2L > r.remaining()) {
            throw r.invalid(n + " buckets of " + of);
        }
        int[] which = new int[n];
        for (int i = 0; i < n; i++) {
            which[i] = r.u16();
        }
        return new GossipMessage.Slice(of, which); // checks the rest
    }

    private static int count(FactReader r, int minBytes) throws FactFormatException {
        int n = r.u31();
        if ((long) n * minBytes > r.remaining()) {
            throw r.invalid(n + " items cannot fit in the " + r.remaining() + " bytes left");
        }
        return n;
    }
}
