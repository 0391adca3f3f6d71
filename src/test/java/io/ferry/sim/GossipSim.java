package io.ferry.sim;

import io.ferry.catalog.ImageBinding;
import io.ferry.catalog.NodeAddress;
import io.ferry.catalog.SegmentHolding;
import io.ferry.catalog.TableEntry;
import io.ferry.exchange.gossip.GossipCodec;
import io.ferry.exchange.gossip.GossipMessage;
import io.ferry.exchange.gossip.Scuttlebutt;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * GossipSim runs the real {@link Scuttlebutt} of N nodes over a simulated network: each node opens a
 * round with a member at random every interval (at its own phase), every message is encoded by the real
 * codec to count its bytes (plus a fixed per-request overhead for HTTP and TLS framing), delayed by a
 * random latency and lost with a given probability. Facts carry signatures and certificates of real
 * sizes (random bytes: the simulation counts verifications instead of computing them).
 */
public final class GossipSim {
    /** Bytes of HTTP/1.1 and TLS framing per request and per answer (headers, record overhead). */
    public static final int OVERHEAD = 200;

    public final EventLoop loop = new EventLoop();
    private final Random random;
    private final double loss;
    private final int maxLatency;
    private final long interval;
    private final int signatureBytes;
    private final int certificateBytes;
    final List<SimNode> nodes = new ArrayList<>();
    private final MapBook.Shared shared = new MapBook.Shared();
    long bytes;
    long messages;

    /** One node: its entry, book and protocol. */
    final class SimNode {
        final int index;
        final NodeId id;
        final String address;
        final byte[] certificate;
        TableEntry own;
        long bindingsVersion;
        final MapBook book;
        final Scuttlebutt protocol;
        boolean alive = true;

        SimNode(int index, int images) {
            this.index = index;
            this.id = NodeId.of("node-" + index);
            this.address = SimAddress.of(index);
            this.certificate = noise(certificateBytes);
            List<SignedFact> bindings = new ArrayList<>();
            List<SignedFact> holdings = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                bindings.addAll(announce("base" + i, manifest(i), 1, 32_768).bindings());
                holdings.addAll(holdingsOf(manifest(i), 1, 32_768));
            }
            own = new TableEntry(sign(NodeAddress.KIND, 1, NodeAddress.of(address).encode()), bindings, holdings);
            bindingsVersion = 1;
            book = new MapBook(id, () -> own, () -> bindingsVersion, shared);
            protocol = new Scuttlebutt(id, book, this::call, 512 << 10);
        }

        SignedFact sign(String kind, long version, byte[] payload) {
            return new SignedFact(id, kind, version, payload, noise(signatureBytes), certificate);
        }

        List<SignedFact> holdingsOf(ManifestId m, long version, int chunks) {
            return SegmentHolding.of(m, chunks, true, RoaringBitmap.bitmapOfRange(0, chunks)).stream()
                    .map(h -> sign(SegmentHolding.KIND, version, h.encode())).toList();
        }

        /** This node publishes image {@code name} (2 GiB: 32,768 chunks of 64 KiB): its entry after. */
        TableEntry announce(String name, ManifestId m, long version, int chunks) {
            SignedFact b = sign(ImageBinding.KIND, version, new ImageBinding(name, m, (long) chunks << 16, null).encode());
            List<SignedFact> bindings = new ArrayList<>(own == null ? List.of() : own.bindings());
            bindings.add(b);
            List<SignedFact> holdings = new ArrayList<>(own == null ? List.of() : own.holdings());
            holdings.addAll(holdingsOf(m, version, chunks));
            return new TableEntry(sign(NodeAddress.KIND, version, NodeAddress.of(address).encode()), bindings, holdings);
        }

        private void call(NodeId to, String at, GossipMessage m, Consumer<GossipMessage> onReply) {
            SimNode target = nodes.get(SimAddress.index(at));
            send(m);
            if (random.nextDouble() < loss) {
                return;
            }
            loop.after(1 + random.nextInt(maxLatency), () -> {
                if (!target.alive) {
                    return;
                }
                target.protocol.onRequest(id, m, reply -> {
                    send(reply);
                    if (random.nextDouble() >= loss) {
                        loop.after(1 + random.nextInt(maxLatency), () -> {
                            if (alive) {
                                onReply.accept(reply);
                            }
                        });
                    }
                });
            });
        }

        void tick() {
            if (!alive) {
                return;
            }
            SimNode peer = nodes.get(random.nextInt(nodes.size()));
            if (peer != this && peer.alive) {
                protocol.round(peer.id, peer.address, () -> { });
            }
            loop.after(interval, this::tick);
        }
    }

    public GossipSim(long seed, double loss, int maxLatencyMillis, long intervalMillis, int signatureBytes,
                     int certificateBytes) {
        this.random = new Random(seed);
        this.loss = loss;
        this.maxLatency = maxLatencyMillis;
        this.interval = intervalMillis;
        this.signatureBytes = signatureBytes;
        this.certificateBytes = certificateBytes;
    }

    private void send(GossipMessage m) {
        bytes += GossipCodec.encode(m).length + OVERHEAD;
        messages++;
    }

    private byte[] noise(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static ManifestId manifest(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[1] = (byte) (i >> 8);
        b[2] = 7;
        return ManifestId.of(b);
    }


    /** Starts {@code n} nodes, each holding {@code images} images, every node already knowing every entry. */
    public void start(int n, int images) {
        for (int i = 0; i < n; i++) {
            nodes.add(new SimNode(i, images));
        }
        for (SimNode a : nodes) {
            for (SimNode b : nodes) {
                if (a != b) {
                    a.book.seed(b.own, b.bindingsVersion);
                }
            }
        }
        for (SimNode a : nodes) {
            loop.after(random.nextInt((int) interval), a::tick);
        }
    }

    /** Whether every live node holds {@code origin}'s entry at {@code version} or newer. */
    public boolean everyoneKnows(int origin, long version) {
        NodeId id = nodes.get(origin).id;
        for (SimNode n : nodes) {
            if (n.alive && n.index != origin && n.book.version(id) < version) {
                return false;
            }
        }
        return true;
    }

    /** Node {@code index} publishes a new image of {@code chunks} chunks; returns its entry's new version. */
    public long publish(int index, int chunks) {
        SimNode n = nodes.get(index);
        long version = n.own.version() + 1;
        n.own = n.announce("new" + version, manifest(10_000 + index), version, chunks);
        n.bindingsVersion = version;
        return version;
    }

    public long bytes() {
        return bytes;
    }

    public long verifications() {
        return nodes.stream().mapToLong(n -> n.book.verifications()).sum();
    }
}
