package io.ferry.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkerParamsTest {
    @Test
    void fastCdc_average_boundsAreQuarterAndFourTimes() {
        ChunkerParams p = ChunkerParams.fastCdc(16384);
        assertThat(p.min()).isEqualTo(4096);
        assertThat(p.max()).isEqualTo(65536);
        assertThat(p.describe()).isEqualTo("fastcdc 4096/16384/65536");
    }

    @Test
    void constructor_nonsense_rejectedWithTheNumbers() {
        assertThatThrownBy(() -> new ChunkerParams(ChunkerParams.Kind.FASTCDC, 8192, 4096, 65536))
                .hasMessageContaining("min < avg < max").hasMessageContaining("min=8192");
        assertThatThrownBy(() -> ChunkerParams.fastCdc(12288)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> ChunkerParams.fixed(3)).hasMessageContaining("must lie in");
        assertThatThrownBy(() -> ChunkerParams.fixed(64 << 20)).hasMessageContaining("must lie in");
        assertThatThrownBy(() -> new ChunkerParams(ChunkerParams.Kind.FIXED, 4096, 4096, 8192))
                .hasMessageContaining("min=avg=max");
        assertThatThrownBy(() -> ChunkerParams.Kind.parse("rabin")).hasMessageContaining("unknown chunker 'rabin'");
        assertThatThrownBy(() -> ChunkerParams.blockCdc(4096)).hasMessageContaining("min < avg < max");
        assertThatThrownBy(() -> new ChunkerParams(ChunkerParams.Kind.BLOCKCDC, 5000, 16384, 65536))
                .hasMessageContaining("4096-byte grid");
    }

    @Test
    void defaults_areBlockCdc16k() {
        assertThat(ChunkerParams.defaults()).isEqualTo(ChunkerParams.blockCdc(16384));
        assertThat(ChunkerParams.defaults().describe()).isEqualTo("blockcdc 4096/16384/65536");
    }

    @Test
    void parseSize_units_binary() {
        assertThat(io.ferry.util.Sizes.parse("65536")).isEqualTo(65536);
        assertThat(io.ferry.util.Sizes.parse("64K")).isEqualTo(65536);
        assertThat(io.ferry.util.Sizes.parse("64KiB")).isEqualTo(65536);
        assertThat(io.ferry.util.Sizes.parse("1m")).isEqualTo(1 << 20);
        assertThat(io.ferry.util.Sizes.parse("2G")).isEqualTo(2L << 30);
        assertThatThrownBy(() -> io.ferry.util.Sizes.parse("lots")).hasMessageContaining("not a size: 'lots'");
        assertThatThrownBy(() -> io.ferry.util.Sizes.parse("-5")).hasMessageContaining("not a size");
    }
}
