package io.ferry.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** --peer HOST:PORT,bw=…,site=…,priority=…: bandwidth as tc writes it, and one clear line for anything else. */
class PeerSpecTest {
    @Test
    void bandwidth_asTcWritesIt() {
        assertThat(Bandwidth.bitsPerSecond("100mbit")).isEqualTo(100_000_000L);
        assertThat(Bandwidth.bitsPerSecond("1Gbit")).isEqualTo(1_000_000_000L);
        assertThat(Bandwidth.bitsPerSecond("512kbit")).isEqualTo(512_000L);
        assertThat(Bandwidth.bitsPerSecond("2.5mbit")).isEqualTo(2_500_000L);
        assertThat(Bandwidth.bitsPerSecond("9600")).isEqualTo(9600L);
        assertThat(Bandwidth.bitsPerSecond("10mbps")).as("tc's bps is bytes per second").isEqualTo(80_000_000L);
        assertThat(Bandwidth.format(100_000_000L)).isEqualTo("100mbit");
        assertThat(Bandwidth.format(1_500_000L)).isEqualTo("1500kbit");
        for (String bad : new String[] {"", "fast", "-5mbit", "100 furlongs", "0bit", "5xbit", "1e3mbit"}) {
            assertThatThrownBy(() -> Bandwidth.bitsPerSecond(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bandwidth");
        }
    }

    @Test
    void peerOptions_parsed_unsetOnesNull() {
        PeerSpec p = PeerSpec.parse("10.0.0.5:7420,bw=100mbit,site=rack1,priority=last-resort");
        assertThat(p).isEqualTo(new PeerSpec("10.0.0.5:7420", 100_000_000L, "rack1", Priority.LAST_RESORT));
        assertThat(PeerSpec.parse("h:1")).isEqualTo(new PeerSpec("h:1", null, null, null));
        assertThat(PeerSpec.parse("h:1,priority=never").priority()).isEqualTo(Priority.NEVER);
    }

    @Test
    void badPeerOptions_oneClearLine() {
        assertThatThrownBy(() -> PeerSpec.parse("h:1,speed=9")).hasMessageContaining("unknown peer option 'speed'");
        assertThatThrownBy(() -> PeerSpec.parse("h:1,bw")).hasMessageContaining("not key=value");
        assertThatThrownBy(() -> PeerSpec.parse("h:1,bw=1mbit,bw=2mbit")).hasMessageContaining("twice");
        assertThatThrownBy(() -> PeerSpec.parse("h:1,priority=sometimes")).hasMessageContaining("none of prefer");
        assertThatThrownBy(() -> PeerSpec.parse("h:1,site=a b")).hasMessageContaining("site");
        assertThatThrownBy(() -> PeerSpec.parse(",bw=1mbit")).hasMessageContaining("names no peer");
    }
}
