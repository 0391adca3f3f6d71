package io.ferry.bench;

import io.ferry.catalog.TableEntry;
import io.ferry.exchange.central.RedisFacts;
import io.ferry.exchange.gossip.Deltas;
import io.ferry.exchange.gossip.EntryDelta;
import io.ferry.exchange.gossip.GossipCodec;
import io.ferry.exchange.gossip.GossipMessage;
import io.ferry.manifest.ImageDigest;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Entries;
import io.ferry.testing.RedisServer;
import io.ferry.testing.TestCa;
import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RedisFactsBench: what central mode's Redis side costs on loopback. NODES (default 1,000) signed entries,
 * each node relaying one image binding and holding all 70,000 chunks (two segments) of that image, are
 * published one after another through one client as CentralExchange does (entry, lease, version, holder
 * index, change), renewed unchanged, then read back as a repair round does (who is live, then each entry),
 * and the image's holders read, ROUNDS times, against one redis-server and a three-master Redis Cluster.
 */
public final class RedisFactsBench {
    public static void main(String[] args) throws Exception {
        int nodes = Integer.getInteger("nodes", 1000);
        int rounds = Integer.getInteger("rounds", 3);
        TestCa ca = new TestCa();
        ManifestId image = ManifestId.parse("22".repeat(32));
        FactSigner publisher = ca.signer(NodeId.of("publisher"));
        var binding = Entries.binding(publisher, 1, "v2", image, 100, new ImageDigest("aa".repeat(32)));
        List<EntryDelta> entries = new ArrayList<>();
        List<byte[]> index = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < nodes; i++) {
            FactSigner n = ca.signer(NodeId.of("node-" + i));
            TableEntry e = Entries.entry(n, "10.0." + (i / 250) + "." + (i % 250) + ":7421", 1, List.of(binding),
                    Entries.whole(image, 70_000));
            entries.add(Deltas.since(e, 1, 0));
            TableEntry part = new TableEntry(e.address(), List.of(), e.holdings());
            index.add(GossipCodec.encode(new GossipMessage.Deltas(List.of(Deltas.since(part, 0, 0)))));
            bytes += GossipCodec.encode(new GossipMessage.Deltas(List.of(entries.get(i)))).length;
        }
        System.out.println("# " + nodes + " entries of " + bytes / nodes + " bytes each");
        System.out.println("redis\tround\tpublish_ms\trenew_ms\tlive_ms\tentries_ms\tholders_ms\tread");
        Path tmp = Files.createTempDirectory("ferry-redis-bench");
        try (RedisServer one = RedisServer.start(tmp)) {
            run("one", one.uri(), entries, index, image, rounds, one, List.of(one));
        }
        List<RedisServer> cluster = RedisServer.cluster(tmp);
        try {
            run("cluster3", String.join(",", cluster.stream().map(RedisServer::uri).toList()), entries, index, image,
                    rounds, cluster.get(0), cluster);
        } finally {
            for (RedisServer s : cluster) {
                s.close();
            }
            Files.deleteIfExists(tmp);
        }
    }

    private static void run(String name, String uris, List<EntryDelta> entries, List<byte[]> index, ManifestId image,
                            int rounds, RedisServer cli, List<RedisServer> all) throws Exception {
        for (int r = 1; r <= rounds; r++) {
            for (RedisServer s : all) {
                s.cli("flushall");
            }
            try (RedisFacts f = new RedisFacts(uris, Duration.ofSeconds(10))) {
                Duration lease = Duration.ofMinutes(5);
                long t0 = System.nanoTime();
                for (int i = 0; i < entries.size(); i++) {
                    f.publish(entries.get(i), lease, true, Map.of(image, index.get(i)), List.of());
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < entries.size(); i++) {
                    f.publish(entries.get(i), lease, false, Map.of(image, index.get(i)), List.of());
                }
                long t2 = System.nanoTime();
                var live = f.live();
                long t3 = System.nanoTime();
                int read = 0;
                for (NodeId n : live.keySet()) {
                    read += f.entry(n) == null ? 0 : 1;
                }
                long t4 = System.nanoTime();
                int holders = f.holders(image).size();
                long t5 = System.nanoTime();
                System.out.printf("%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d entries, %d holders%n", name, r, ms(t1 - t0),
                        ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t5 - t4), read, holders);
            }
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
