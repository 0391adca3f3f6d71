package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PicksTest {
    @Property
    void anyAscendingListComesBackAsItWent(@ForAll @Size(min = 1, max = 300) java.util.List<@IntRange(max = 100_000) Integer> raw) {
        int[] indices = new TreeSet<>(raw).stream().mapToInt(Integer::intValue).toArray();
        assertThat(Picks.parse(Picks.request(indices), 100_001)).containsExactly(indices);
    }

    @Test
    void aRunCostsAFewBytes() {
        int[] run = new int[1000];
        Arrays.setAll(run, i -> 5 + i);
        assertThat(Picks.request(run)).hasSize(3); // gap 5, length 1000 (two bytes)
    }

    @Test
    void malformedRequestsAreRefused() {
        assertThatThrownBy(() -> Picks.parse(Picks.request(new int[] {3, 9}), 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Picks.parse(new byte[0], 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Picks.parse(new byte[] {1, 0}, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Picks.parse(new byte[] {(byte) 0x81}, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Picks.request(new int[] {4, 4})).isInstanceOf(IllegalArgumentException.class);
    }
}
