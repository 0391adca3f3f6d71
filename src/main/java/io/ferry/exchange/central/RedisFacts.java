package io.ferry.exchange.central;

import io.ferry.catalog.FactFormatException;
import io.ferry.exchange.gossip.EntryDelta;
import io.ferry.exchange.gossip.GossipCodec;
import io.ferry.exchange.gossip.GossipMessage;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.NodeId;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RedisFacts is central mode's Redis, through Lettuce: a single server ({@code redis://} or
 * {@code rediss://}) or a Redis Cluster (several URIs, comma-separated). Every operation touches one key,
 * so it works across a cluster's slots. Layout:
 * <ul>
 * <li>{@code ferry:entry:{NODE}}: the node's whole entry, as the gossip writes it (one {@link EntryDelta}
 *     since 0, signed facts unchanged), expiring {@code ttl} after the node's last publish;</li>
 * <li>{@code ferry:members}: sorted set, node → when its entry expires (ms): who is live;</li>
 * <li>{@code ferry:versions}: hash, node → its entry's version: what changed, in one read (a node whose
 *     lease ran out leaves it when anyone next reads who is live);</li>
 * <li>{@code ferry:left}: hash, node → the version it left at;</li>
 * <li>{@code ferry:holders:{MANIFEST}}: hash, node → that node's holding facts of the manifest (segment
 *     bitmaps), so the holders of one image are one read, never a key per chunk; only holders whose lease
 *     runs are answered, and the fields of the others removed (a hash field cannot expire in Redis 7.0);</li>
 * <li>{@code ferry:changes}: a stream (capped), one record per publish or leave: what to read now.</li>
 * </ul>
 * What comes back from Redis is hostile like anything a peer sends: bounded, decoded strictly, and the
 * facts verified by the cluster table, which also refuses an entry filed under another node's key.
 */
public final class RedisFacts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisFacts.class);
    private static final byte[] MEMBERS = key("ferry:members");
    private static final byte[] VERSIONS = key("ferry:versions");
    private static final byte[] LEFT = key("ferry:left");
    private static final byte[] CHANGES = key("ferry:changes");
    private static final long STREAM_MAX = 100_000;
    /** Most live nodes read at once, and most holders of one image: what Redis can make a node hold. */
    private static final int MAX_NODES = 100_000;

    /** A change read from the stream: {@code node} published {@code version} (or left). */
    public record Change(String id, NodeId node, long version, boolean left) {
    }

    private AutoCloseable client;
    private StatefulConnection<byte[], byte[]> connection;
    private StatefulConnection<byte[], byte[]> blocking;
    private RedisClusterCommands<byte[], byte[]> redis;
    private RedisClusterCommands<byte[], byte[]> reader;

    /**
     * Connects to {@code uris} (one: a server; several, comma-separated: a Redis Cluster); a Redis that
     * cannot be reached at start is an IllegalStateException naming it (a node does not start half-wired).
     */
    public RedisFacts(String uris, Duration timeout) {
        try {
            open(uris.split(","), timeout);
        } catch (io.lettuce.core.RedisException | IllegalArgumentException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot reach Redis at " + uris + ": " + cause.getMessage(), e);
        }
    }

    private void open(String[] each, Duration timeout) {
        if (each.length == 1) {
            RedisClient c = RedisClient.create(uri(each[0], timeout));
            var a = c.connect(ByteArrayCodec.INSTANCE);
            var b = c.connect(ByteArrayCodec.INSTANCE);
            use(c::shutdown, a, a.sync(), b, b.sync());
        } else {
            RedisClusterClient c = RedisClusterClient.create(Arrays.stream(each).map(s -> uri(s, timeout)).toList());
            var a = c.connect(ByteArrayCodec.INSTANCE);
            var b = c.connect(ByteArrayCodec.INSTANCE);
            use(c::shutdown, a, a.sync(), b, b.sync());
        }
    }

    /** A server's and a cluster's connections alike: one for commands, one for blocking stream reads. */
    private void use(AutoCloseable client, StatefulConnection<byte[], byte[]> commands,
                     RedisClusterCommands<byte[], byte[]> redis, StatefulConnection<byte[], byte[]> blocking,
                     RedisClusterCommands<byte[], byte[]> reader) {
        this.client = client;
        this.connection = commands;
        this.redis = redis;
        this.blocking = blocking;
        this.reader = reader;
    }

    private static RedisURI uri(String s, Duration timeout) {
        RedisURI u = RedisURI.create(s.trim());
        u.setTimeout(timeout);
        return u;
    }

    /** Redis's clock, in ms: leases are judged by one clock, not by each node's. */
    private long now() {
        List<byte[]> t = redis.time();
        return Long.parseLong(new String(t.get(0), StandardCharsets.US_ASCII)) * 1000
                + Long.parseLong(new String(t.get(1), StandardCharsets.US_ASCII)) / 1000;
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] entryKey(NodeId node) {
        return key("ferry:entry:{" + node.value() + "}");
    }

    private static byte[] holdersKey(ManifestId m) {
        return key("ferry:holders:{" + m.hex() + "}");
    }

    /**
     * Publishes {@code own} (a whole entry, since 0) for {@code ttl}; {@code changed}: its version is new,
     * so the holder index is rewritten and a change recorded; otherwise only the lease is renewed.
     */
    public void publish(EntryDelta own, Duration ttl, boolean changed, Map<ManifestId, byte[]> holdings,
                        List<ManifestId> dropped) {
        byte[] node = key(own.node().value());
        long expires = now() + ttl.toMillis();
        redis.set(entryKey(own.node()), GossipCodec.encode(new GossipMessage.Deltas(List.of(own))), SetArgs.Builder.px(ttl.toMillis()));
        redis.zadd(MEMBERS, expires, node);
        redis.hset(VERSIONS, node, key(Long.toString(own.version())));
        redis.hdel(LEFT, node);
        holdings.forEach((m, facts) -> {
            redis.hset(holdersKey(m), node, facts);
            redis.pexpire(holdersKey(m), ttl.toMillis() * 4);
        });
        dropped.forEach(m -> redis.hdel(holdersKey(m), node));
        if (changed) {
            redis.xadd(CHANGES, XAddArgs.Builder.maxlen(STREAM_MAX).approximateTrimming(), Map.of(
                    key("node"), node, key("version"), key(Long.toString(own.version()))));
        }
    }

    /** {@code node} leaves: its entry and lease go at once and the change is recorded. */
    public void leave(NodeId node, long version, List<ManifestId> held) {
        byte[] n = key(node.value());
        redis.del(entryKey(node));
        redis.zrem(MEMBERS, n);
        redis.hset(LEFT, n, key(Long.toString(version)));
        held.forEach(m -> redis.hdel(holdersKey(m), n));
        redis.xadd(CHANGES, XAddArgs.Builder.maxlen(STREAM_MAX).approximateTrimming(), Map.of(
                key("node"), n, key("version"), key(Long.toString(version)), key("left"), key("1")));
    }

    /** The nodes whose lease has not run out, and the version each last published. */
    public Map<NodeId, Long> live() {
        long now = now();
        // anyone tidies: the expired leave the live set and, so it does not grow with every node there ever was,
        // the versions. Not atomic (the two keys may be on different masters): a node renewing just as it is
        // tidied may lose its version until its next renewal, which writes it again
        Range<Double> past = Range.create(Double.NEGATIVE_INFINITY, (double) now);
        List<byte[]> expired = redis.zrangebyscore(MEMBERS, past, Limit.create(0, MAX_NODES));
        if (!expired.isEmpty()) {
            redis.hdel(VERSIONS, expired.toArray(byte[][]::new));
            redis.zremrangebyscore(MEMBERS, past);
        }
        Map<String, byte[]> all = new java.util.HashMap<>(); // byte[] keys compare by identity: by text instead
        redis.hgetall(VERSIONS).forEach((k, v) -> all.put(new String(k, StandardCharsets.UTF_8), v));
        Map<NodeId, Long> versions = new LinkedHashMap<>();
        for (byte[] n : redis.zrangebyscore(MEMBERS, Range.create((double) now, Double.POSITIVE_INFINITY),
                Limit.create(0, MAX_NODES))) {
            String node = new String(n, StandardCharsets.UTF_8);
            try {
                versions.put(NodeId.of(node), version(all.get(node)));
            } catch (IllegalArgumentException e) {
                log.warn("a member in Redis is not a node id; skipped");
            }
        }
        return versions;
    }

    private static long version(byte[] v) {
        try {
            return v == null ? 0 : Long.parseLong(new String(v, StandardCharsets.UTF_8));
        } catch (NumberFormatException x) {
            return 0;
        }
    }

    /** The nodes that said they left. */
    public List<NodeId> left() {
        List<NodeId> out = new ArrayList<>();
        for (byte[] n : redis.hkeys(LEFT)) {
            try {
                out.add(NodeId.of(new String(n, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                log.warn("a left node in Redis is not a node id; skipped");
            }
        }
        return out;
    }

    /** {@code node}'s entry as published; null when it has none (expired, left) or what is there is malformed. */
    public EntryDelta entry(NodeId node) {
        byte[] v;
        try {
            // one byte past the codec's bound: an oversized value is known without reading it all
            v = redis.getrange(entryKey(node), 0, GossipCodec.MAX);
        } catch (RedisCommandExecutionException e) { // e.g. WRONGTYPE: that key is bad, not Redis
            log.warn("the entry of {} in Redis is not a string; skipped: {}", node, e.getMessage());
            return null;
        }
        if (v == null || v.length == 0) {
            return null;
        }
        if (v.length > GossipCodec.MAX) {
            log.warn("the entry of {} in Redis is over {} bytes; skipped", node, GossipCodec.MAX);
            return null;
        }
        try {
            if (GossipCodec.decode(v) instanceof GossipMessage.Deltas d && d.deltas().size() == 1
                    && d.deltas().get(0).node().equals(node) && d.deltas().get(0).since() == 0) {
                return d.deltas().get(0);
            }
            log.warn("the entry of {} in Redis is not one whole entry of that node; skipped", node);
        } catch (FactFormatException e) {
            log.warn("the entry of {} in Redis does not decode; skipped: {}", node, e.getMessage());
        }
        return null;
    }

    /** The holding facts of {@code m} by node, as published (one read for one image's holders). */
    public Map<NodeId, byte[]> holders(ManifestId m) {
        byte[] key = holdersKey(m);
        long size = redis.hlen(key);
        if (size > MAX_NODES) {
            log.warn("the holders of {} in Redis are {}, over {}; skipped", m, size, MAX_NODES);
            return Map.of();
        }
        // a hash field cannot expire (Redis 7.0) and the key lives on while any holder renews it: a holder
        // whose lease ran out is left out here, and its field removed (a node renewing at that very moment
        // writes it again at its next renewal)
        List<byte[]> fields = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        redis.hgetall(key).forEach((n, facts) -> {
            fields.add(n);
            values.add(facts);
        });
        if (fields.isEmpty()) {
            return Map.of();
        }
        long now = now();
        List<Double> leases = redis.zmscore(MEMBERS, fields.toArray(byte[][]::new));
        Map<NodeId, byte[]> out = new LinkedHashMap<>();
        List<byte[]> dead = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Double lease = leases.get(i);
            if (lease == null || lease < now) {
                dead.add(fields.get(i));
                continue;
            }
            try {
                out.put(NodeId.of(new String(fields.get(i), StandardCharsets.UTF_8)), values.get(i));
            } catch (IllegalArgumentException e) {
                log.warn("a holder of {} in Redis is not a node id; skipped", m);
            }
        }
        if (!dead.isEmpty()) {
            redis.hdel(key, dead.toArray(byte[][]::new));
        }
        return out;
    }

    /** The id of the newest change recorded ("0-0": none), to read from. */
    public String lastChange() {
        List<StreamMessage<byte[], byte[]>> last = redis.xrevrange(CHANGES, Range.create("-", "+"),
                Limit.create(0, 1));
        return last.isEmpty() ? "0-0" : last.get(0).getId();
    }

    /** Changes after {@code from}, waiting up to {@code block} for the first (on a connection of their own). */
    public List<Change> changes(String from, Duration block) {
        List<Change> out = new ArrayList<>();
        for (StreamMessage<byte[], byte[]> m : reader.xread(XReadArgs.Builder.block(block).count(1000),
                XReadArgs.StreamOffset.from(CHANGES, from))) {
            Map<String, String> body = new LinkedHashMap<>();
            m.getBody().forEach((k, v) -> body.put(new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)));
            try {
                out.add(new Change(m.getId(), NodeId.of(body.get("node")), Long.parseLong(body.get("version")),
                        "1".equals(body.get("left"))));
            } catch (RuntimeException e) {
                out.add(new Change(m.getId(), null, 0, false)); // malformed: skipped, but read past
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            connection.close();
            blocking.close();
            client.close();
        } catch (Exception e) {
            log.debug("closing the Redis client: {}", e.toString());
        }
    }
}
