package io.ferry.exchange.gossip;

import io.ferry.trust.NodeId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Digest hashes a version digest (origin → version) so two nodes in step find out with 36 bytes instead of
 * swapping the digest itself (about 24 KB at 1,000 nodes).
 */
public final class Digest {
    private Digest() {
    }

    /**
     * A 64-bit print of {@code versions} that does not depend on their order and costs one pass without
     * sorting: equal digests have equal prints, so a node whose digest has not changed since the last round
     * (the quiet case) reuses the hash instead of sorting and hashing N origins again. A print that matches
     * by chance would only send a stale hash: the peer answers with its versions and the round goes on.
     */
    public static long print(Map<NodeId, Long> versions) {
        long sum = versions.size();
        for (Map.Entry<NodeId, Long> e : versions.entrySet()) {
            sum += mix(id(e.getKey()) ^ mix(e.getValue()));
        }
        return sum;
    }

    /** At most this many buckets (a Syn carries 8 bytes for each). */
    public static final int MAX_BUCKETS = 1024;
    /** Origins per bucket aimed at: a differing bucket costs about this many versions (~24 bytes each). */
    static final int PER_BUCKET = 256;

    /**
     * How many buckets a digest of {@code count} origins is split into when a round finds two nodes out of
     * step: none up to {@link #PER_BUCKET} origins (the whole digest is small), else about that many per
     * bucket. At 1,000 nodes: 4 buckets (32 bytes more per Syn), at 10,000: 40 (320 bytes), so that a
     * round that carries one new version swaps ~6 KB of versions instead of the whole 24 or 240 KB.
     */
    public static int buckets(int count) {
        return count <= PER_BUCKET ? 0 : Math.min(MAX_BUCKETS, (count + PER_BUCKET - 1) / PER_BUCKET);
    }

    /** The bucket of origin {@code node} among {@code of}: the same at every node (FNV-1a of its id, mixed). */
    public static int bucket(NodeId node, int of) {
        return (int) Long.remainderUnsigned(mix(id(node)), of);
    }

    /** The print ({@link #print}) of each of {@code of} buckets of {@code versions}. */
    public static long[] prints(Map<NodeId, Long> versions, int of) {
        long[] out = new long[of];
        if (of == 0) {
            return out;
        }
        for (Map.Entry<NodeId, Long> e : versions.entrySet()) {
            long h = id(e.getKey());
            out[(int) Long.remainderUnsigned(mix(h), of)] += 1 + mix(h ^ mix(e.getValue()));
        }
        return out;
    }

    private static long id(NodeId node) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the id
        String id = node.value();
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /** The finaliser of SplitMix64: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static byte[] hash(Map<NodeId, Long> versions) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] eight = new byte[8];
        TreeMap<String, Long> sorted = new TreeMap<>();
        versions.forEach((k, v) -> sorted.put(k.value(), v));
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            long v = e.getValue();
            for (int i = 0; i < 8; i++) {
                eight[i] = (byte) (v >>> (56 - 8 * i));
            }
            md.update(eight);
        }
        return md.digest();
    }
}
