package io.ferry.exchange.central;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.catalog.TableEntry;
import io.ferry.exchange.gossip.Deltas;
import io.ferry.exchange.gossip.EntryDelta;
import io.ferry.exchange.gossip.GossipCodec;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.Entries;
import io.ferry.testing.RedisServer;
import io.ferry.testing.TestCa;
import io.ferry.trust.FactSigner;
import io.ferry.trust.NodeId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Redis hands back is hostile like anything a peer sends: an entry key that holds something too big,
 * of the wrong type or another node's entry is skipped, not thrown (one bad key must not stop a repair
 * round); a member that is not a node id is skipped; and what a dead node left in the shared hashes (its
 * version, its holder fields, which cannot expire on their own) is tidied away, not served.
 */
class RedisFactsHostileTest {
    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");
    private static final ManifestId M = ManifestId.of(new byte[32]);
    @TempDir
    static Path tmp;
    private static RedisServer redis;
    private final TestCa ca = new TestCa();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(tmp);
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
    }

    @BeforeEach
    void empty() throws Exception {
        redis.cli("flushall"); // the keys have no prefix: each test starts from an empty Redis
    }

    private EntryDelta entry(FactSigner s, long version) throws Exception {
        TableEntry e = Entries.entry(s, "127.0.0.1:7420", version,
                List.of(Entries.binding(s, version, "img", M, 1000, null)), Entries.whole(M, 10));
        return Deltas.since(e, version, 0);
    }

    private static void set(String key, byte[] value) {
        RedisClient c = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE)) {
            conn.sync().set(key.getBytes(StandardCharsets.UTF_8), value);
        } finally {
            c.shutdown();
        }
    }

    @Test
    void badEntryKeys_areSkipped_notThrown() throws Exception {
        try (RedisFacts r = new RedisFacts(redis.uri(), Duration.ofSeconds(5))) {
            r.publish(entry(ca.signer(A), 1), Duration.ofMinutes(5), true, Map.of(), List.of());

            set("ferry:entry:{huge}", new byte[GossipCodec.MAX + 10]);
            assertThat(r.entry(NodeId.of("huge"))).as("over the codec's bound, not read whole").isNull();
            redis.cli("hset", "ferry:entry:{hash}", "f", "v");
            assertThat(r.entry(NodeId.of("hash"))).as("WRONGTYPE").isNull();
            set("ferry:entry:{liar}", GossipCodec.encode(new io.ferry.exchange.gossip.GossipMessage.Deltas(
                    List.of(entry(ca.signer(A), 2)))));
            assertThat(r.entry(NodeId.of("liar"))).as("a's entry under another node's key").isNull();
            assertThat(r.entry(A).version()).as("the real one is untouched").isEqualTo(1L);

            long far = System.currentTimeMillis() + 3_600_000L;
            redis.cli("zadd", "ferry:members", Long.toString(far), "not{an}id");
            redis.cli("hset", "ferry:versions", "a", "many");
            assertThat(r.live()).as("a bad member skipped, a bad version read as 0").containsOnlyKeys(A)
                    .containsEntry(A, 0L);
        }
    }

    @Test
    void aDeadNodesVersionAndHolderFields_areTidiedAway_theLiveOnesStay() throws Exception {
        try (RedisFacts r = new RedisFacts(redis.uri(), Duration.ofSeconds(5))) {
            r.publish(entry(ca.signer(A), 1), Duration.ofMillis(500), true, Map.of(M, new byte[] {1}), List.of());
            r.publish(entry(ca.signer(B), 1), Duration.ofMinutes(5), true, Map.of(M, new byte[] {2}), List.of());
            assertThat(r.holders(M)).containsOnlyKeys(A, B);

            Awaitility.await("a's lease runs out").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !r.live().containsKey(A));
            assertThat(redis.cli("hexists", "ferry:versions", "a")).as("a's version went with its lease").contains("0");
            assertThat(redis.cli("hexists", "ferry:holders:{" + M.hex() + "}", "a"))
                    .as("b's renewals keep the holders key alive, but a's field is still there").contains("1");
            assertThat(r.holders(M)).as("only live holders").containsOnlyKeys(B);
            assertThat(redis.cli("hexists", "ferry:holders:{" + M.hex() + "}", "a")).as("and a's field is gone")
                    .contains("0");
        }
    }
}
