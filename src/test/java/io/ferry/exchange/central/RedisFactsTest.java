package io.ferry.exchange.central;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.catalog.TableEntry;
import io.ferry.exchange.gossip.Deltas;
import io.ferry.exchange.gossip.EntryDelta;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Entries;
import io.ferry.testing.RedisServer;
import io.ferry.testing.TestCa;
import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Central mode's Redis side against a real redis-server, single and as a three-master Redis Cluster: an
 * entry published comes back byte for byte (its signatures still verify), a lease that is not renewed runs
 * out, a leave is recorded, changes come through the stream, the holders of an image are one read, and
 * garbage under a node's key is skipped.
 */
class RedisFactsTest {
    private static final NodeId A = NodeId.of("a");
    private static final ManifestId M = ManifestId.of(new byte[32]);
    @TempDir
    Path tmp;
    private final TestCa ca = new TestCa();

    private EntryDelta entry(FactSigner s, long version) throws Exception {
        TableEntry e = Entries.entry(s, "127.0.0.1:7420", version,
                List.of(Entries.binding(s, version, "img", M, 1000, null)), Entries.whole(M, 10));
        return Deltas.since(e, version, 0);
    }

    private void exercise(String uris, List<RedisServer> servers) throws Exception {
        FactSigner a = ca.signer(A);
        try (RedisFacts r = new RedisFacts(uris, Duration.ofSeconds(5))) {
            String start = r.lastChange();
            EntryDelta e = entry(a, 5);
            r.publish(e, Duration.ofSeconds(30), true, Map.of(M, new byte[] {1, 2}), List.of());
            EntryDelta back = r.entry(A);
            assertThat(back.head().signature()).isEqualTo(e.head().signature());
            assertThat(ca.verifier().verify(back.holdings().get(0)).node()).isEqualTo(A);
            assertThat(r.live()).containsEntry(A, 5L);
            assertThat(r.holders(M)).containsOnlyKeys(A);
            List<RedisFacts.Change> changes = r.changes(start, Duration.ofMillis(100));
            assertThat(changes).extracting(RedisFacts.Change::node).containsExactly(A);
            r.publish(entry(a, 6), Duration.ofMillis(300), true, Map.of(), List.of(M));
            assertThat(r.holders(M)).isEmpty();
            Awaitility.await("the lease runs out").atMost(Duration.ofSeconds(30)).until(() -> !r.live().containsKey(A));
            assertThat(r.entry(A)).isNull();
            r.publish(entry(a, 7), Duration.ofSeconds(30), true, Map.of(), List.of());
            r.leave(A, 8, List.of());
            assertThat(r.live()).doesNotContainKey(A);
            assertThat(r.left()).containsExactly(A);
            List<RedisFacts.Change> all = new ArrayList<>(r.changes(start, Duration.ofMillis(100)));
            assertThat(all.get(all.size() - 1).left()).isTrue();
            servers.get(0).cli("set", "ferry:entry:{b}", "garbage");
            assertThat(r.entry(NodeId.of("b"))).as("garbage is skipped").isNull();
            if (servers.size() == 1) {
                servers.get(0).restart();
            } else {
                RedisServer.restartCluster(servers); // every master, so every key is gone
            }
            assertThat(servers.get(0).cli("exists", "ferry:entry:{b}")).as("Redis came back empty").contains("0");
            Awaitility.await("publish works again after the restart").atMost(Duration.ofMinutes(1)).ignoreExceptions()
                    .until(() -> {
                        r.publish(entry(a, 9), Duration.ofSeconds(30), true, Map.of(), List.of());
                        return r.live().containsKey(A);
                    });
            assertThat(r.entry(A).version()).isEqualTo(9L);
        }
    }

    @Test
    void aSingleServer() throws Exception {
        try (RedisServer s = RedisServer.start(tmp)) {
            exercise(s.uri(), List.of(s));
        }
    }

    @Test
    void aThreeMasterCluster() throws Exception {
        List<RedisServer> c = RedisServer.cluster(tmp);
        try {
            exercise(String.join(",", c.stream().map(RedisServer::uri).toList()), c);
        } finally {
            for (RedisServer s : c) {
                s.close();
            }
        }
    }
}
