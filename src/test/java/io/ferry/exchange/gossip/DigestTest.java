package io.ferry.exchange.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.trust.NodeId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A digest's print and hash do not depend on order, and change with any origin or version. */
class DigestTest {
    private static Map<NodeId, Long> digest(int n, long bump) {
        Map<NodeId, Long> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(NodeId.of("node-" + i), 10L + i + (i == n / 2 ? bump : 0));
        }
        return out;
    }

    @Test
    void equalDigests_inAnyOrder_haveEqualPrintsAndHashes() {
        Map<NodeId, Long> a = digest(1000, 0);
        Map<NodeId, Long> reversed = new LinkedHashMap<>();
        for (int i = 999; i >= 0; i--) {
            reversed.put(NodeId.of("node-" + i), a.get(NodeId.of("node-" + i)));
        }
        assertThat(Digest.print(reversed)).isEqualTo(Digest.print(a));
        assertThat(Digest.hash(reversed)).isEqualTo(Digest.hash(a));
    }

    @Test
    void aNewerVersion_aMissingOrigin_orAnotherOrigin_changeThePrint() {
        Map<NodeId, Long> a = digest(1000, 0);
        assertThat(Digest.print(digest(1000, 1))).isNotEqualTo(Digest.print(a));
        Map<NodeId, Long> fewer = new HashMap<>(a);
        fewer.remove(NodeId.of("node-7"));
        assertThat(Digest.print(fewer)).isNotEqualTo(Digest.print(a));
        Map<NodeId, Long> other = new HashMap<>(fewer);
        other.put(NodeId.of("node-7x"), a.get(NodeId.of("node-7")));
        assertThat(Digest.print(other)).isNotEqualTo(Digest.print(a));
        Map<NodeId, Long> swapped = new HashMap<>(a); // two origins trading versions
        swapped.put(NodeId.of("node-1"), a.get(NodeId.of("node-2")));
        swapped.put(NodeId.of("node-2"), a.get(NodeId.of("node-1")));
        assertThat(Digest.print(swapped)).isNotEqualTo(Digest.print(a));
    }

    @Test
    void bucketPrints_changeOnlyInTheBucketOfTheOriginThatChanged() {
        Map<NodeId, Long> a = digest(1000, 0);
        int of = Digest.buckets(a.size());
        assertThat(of).isEqualTo(4);
        assertThat(Digest.buckets(256)).isZero();
        assertThat(Digest.buckets(10_000)).isEqualTo(40);
        long[] before = Digest.prints(a, of);
        assertThat(Digest.prints(new LinkedHashMap<>(a), of)).isEqualTo(before);
        long[] after = Digest.prints(digest(1000, 1), of);
        int changed = Digest.bucket(NodeId.of("node-500"), of);
        for (int b = 0; b < of; b++) {
            assertThat(after[b] != before[b]).as("bucket %d", b).isEqualTo(b == changed);
        }
    }
}
