package io.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An address is pasted into URLs ({@code http://ADDRESS/v1/...}): anything but host:port would let a
 * peer's word choose the path, the query, a user or another host (attack 4).
 */
class PeerAddressTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:7421", "10.0.0.255:1", "0.0.0.0:65535", "node-a:7420", "a.example.org:443",
        "localhost:80", "x1:9", "[::1]:7421", "[fe80::1:2]:10", "[2001:db8::8a2e:370:7334]:7420", "A-b.C:5"})
    void valid_parsedAndWrittenBackTheSame(String s) {
        assertThat(PeerAddress.parse(s).toString()).isEqualTo(s);
        assertThat(PeerAddress.check(s)).isEqualTo(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", "host", "host:", ":80", "host:0", "host:65536", "host:080", "host:+80", "host:8 0",
        "host:80/v1/pick/x", "host:80?x=1", "host:80#f", "user@host:80", "host/x:80", "host:80:81", "ho st:80",
        "-host:80", "host-:80", "host..a:80", ".host:80", "host.:80", "1.2.3:80", "256.1.1.1:80", "01.2.3.4:80",
        "::1:80", "[::1]", "[::1]x:80", "[1.2.3.4]:80", "[::1%eth0]:80", "[::ffff:1.2.3.4]:80", "[nothex::1]:80",
        "h\u00e9:80", "host:80\n", " host:80", "127.0.0.1:7421/evil", "a:1@b:2", "http://a:1"})
    void invalid_refused(String s) {
        assertThatThrownBy(() -> PeerAddress.parse(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void portOutOfRange_refused(int port) {
        assertThatThrownBy(() -> new PeerAddress("host", port)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void longHostNames_refusedPastTheirLimits() {
        String label = "a".repeat(63);
        assertThat(PeerAddress.parse(label + ":1").host()).isEqualTo(label);
        assertThatThrownBy(() -> PeerAddress.parse("a" + label + ":1")).isInstanceOf(IllegalArgumentException.class);
        String name = (label + ".").repeat(4).substring(0, 254);
        assertThatThrownBy(() -> PeerAddress.parse(name + ":1")).isInstanceOf(IllegalArgumentException.class);
    }
}
