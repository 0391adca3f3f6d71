package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import io.ferry.testing.TestClock;
import io.ferry.testing.TestData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code --cache-max} evicts, in which order, and what it never evicts (issue 11). */
class CacheBoundTest {
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private CacheStore cache;
    /** onlyCached: an image needs it, no seed has it; redundant: a seed has it too; unneeded: no image needs it. */
    private ChunkId onlyCached;
    private ChunkId redundant;
    private ChunkId unneeded;
    private CacheKeep keep;

    @BeforeEach
    void cache() throws Exception {
        cache = new CacheStore(dir.resolve("cache"), clock);
        // the one least recently used goes first, so the ones that must outlive it are older
        onlyCached = put(1);
        redundant = put(2);
        unneeded = put(3);
        ChunkList image = new ChunkList.Builder().add(onlyCached, 20_000, false).add(redundant, 20_000, false).build();
        Seed seed = new Seed("seeded", dir.resolve("seed.raw"),
                new ChunkList.Builder().add(redundant, 20_000, false).build(), 0, 0);
        keep = CacheKeep.of(List.of(image), List.of(seed), Set.of());
    }

    private ChunkId put(long seed) throws Exception {
        byte[] data = TestData.random(seed, 20_000);
        ChunkId id = new Sha256().digest(data, 0, data.length);
        cache.put(id, data, 0, data.length);
        clock.advance(Duration.ofSeconds(1));
        return id;
    }

    private long total() {
        return cache.entries().stream().mapToLong(CacheStore.Entry::bytes).sum();
    }

    @Test
    void enforce_overTheBound_unneededGoesFirstThenTheRedundantCopy_neverWhatOnlyTheCacheHolds() throws Exception {
        long each = CacheBound.recordBytes(cache, unneeded);
        CacheBound.Outcome o = new CacheBound(cache, 2 * each + 100).enforce(keep.mustKeep(), keep.needed(), false);
        assertThat(o.removedChunks()).isEqualTo(1);
        assertThat(cache.has(unneeded)).isFalse();
        assertThat(cache.has(redundant)).isTrue();

        o = new CacheBound(cache, each + 100).enforce(keep.mustKeep(), keep.needed(), false);
        assertThat(cache.has(redundant)).isFalse();
        assertThat(cache.has(onlyCached)).isTrue();
        assertThat(o.overBytes()).isZero();
        assertThat(cache.diskBytes()).as("dead records given back too").isLessThanOrEqualTo(each + 100);

        o = new CacheBound(cache, 1000).enforce(keep.mustKeep(), keep.needed(), false);
        assertThat(cache.has(onlyCached)).as("the only copy stays; the bound says it is exceeded").isTrue();
        assertThat(o.overBytes()).isEqualTo(total() - 1000);
    }

    @Test
    void enforce_gc_removesWhatNoImageNeeds_keepsRedundantCopies() throws Exception {
        new CacheBound(cache, 0).enforce(keep.mustKeep(), keep.needed(), true);
        assertThat(cache.has(unneeded)).isFalse();
        assertThat(cache.has(redundant)).isTrue();
        assertThat(cache.has(onlyCached)).isTrue();
    }

    @Test
    void fill_pastTheRoomLeft_refusedInOneLine_andRoomMadeAgain() throws Exception {
        long each = CacheBound.recordBytes(cache, onlyCached);
        List<Set<ChunkId>> madeRoomKeeping = new ArrayList<>();
        CacheFill fill = new CacheFill(cache, 2 * each + 100, keep, madeRoomKeeping::add, "cannot import /x.raw as 'x' with --copy");
        byte[] seeded = TestData.random(2, 20_000);
        fill.put(redundant, seeded, 0, seeded.length); // a seed has it: it costs the bound nothing
        byte[] fresh = TestData.random(4, 20_000);
        ChunkId freshId = new Sha256().digest(fresh, 0, fresh.length);
        fill.put(freshId, fresh, 0, fresh.length); // fits beside the one chunk only the cache holds
        assertThat(fill.added()).containsExactly(freshId);
        byte[] more = TestData.random(5, 20_000);
        assertThatThrownBy(() -> fill.put(new Sha256().digest(more, 0, more.length), more, 0, more.length))
                .isInstanceOf(CacheFullException.class)
                .hasMessageStartingWith("cannot import /x.raw as 'x' with --copy: its chunks need more than the ")
                .hasMessageContaining("--cache-max").hasMessageNotContaining("\n");
        assertThat(madeRoomKeeping).last().isEqualTo(Set.of());
    }
}
