package io.ferry.exchange.swim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codec's hard limits, each checked before the bytes they guard are read. */
class SwimCodecTest {
    private static final SwimMessage.Sender ME = new SwimMessage.Sender(NodeId.of("me"), "10.0.0.1:7420", 3);

    private static List<Update> updates(int n) {
        List<Update> u = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            u.add(new Update(NodeId.of("node-" + i), "10.0." + (i >> 8 & 255) + "." + (i & 255) + ":7420", i,
                    MemberState.ALIVE, null));
        }
        return u;
    }

    @Test
    void aMessageOver64KiB_isRefusedUnread_butASyncMayBeLarger() throws Exception {
        byte[] gossip = new byte[SwimCodec.MAX + 1];
        gossip[0] = 5;
        assertThatThrownBy(() -> SwimCodec.decode(gossip)).isInstanceOf(SwimFormatException.class).hasMessageContaining("too long");
        SwimMessage sync = new SwimMessage.Sync(ME, updates(3000));
        byte[] b = SwimCodec.encode(sync);
        assertThat(b.length).isGreaterThan(SwimCodec.MAX);
        assertThat(SwimCodec.decode(b)).isEqualTo(sync);
    }

    @Test
    void moreUpdatesThanAllowed_isRefused() {
        byte[] b = SwimCodec.encode(new SwimMessage.Gossip(ME, updates(SwimCodec.MAX_UPDATES + 1)));
        assertThatThrownBy(() -> SwimCodec.decode(b)).isInstanceOf(SwimFormatException.class)
                .hasMessageContaining("at most " + SwimCodec.MAX_UPDATES);
    }

    @Test
    void aCountLargerThanTheBytesLeft_isRefusedBeforeAllocating() {
        byte[] b = SwimCodec.encode(new SwimMessage.Gossip(ME, List.of()));
        b[b.length - 1] = (byte) 200; // 200 updates announced, none there
        assertThatThrownBy(() -> SwimCodec.decode(b)).isInstanceOf(SwimFormatException.class).hasMessageContaining("cannot fit");
    }

    @Test
    void anAddressNotWrittenCanonically_isRefused() {
        byte[] good = SwimCodec.encode(new SwimMessage.Gossip(ME, List.of(new Update(NodeId.of("x"), "10.0.0.9:7420", 1,
                MemberState.ALIVE, null))));
        String s = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).replace("10.0.0.9:7420", "10.0.0.9:07420"
                .substring(0, 13));
        byte[] bad = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(Arrays.equals(good, bad)).isFalse();
        assertThatThrownBy(() -> SwimCodec.decode(bad)).isInstanceOf(SwimFormatException.class);
    }

    @Test
    void anInvalidNodeId_isRefused() {
        byte[] good = SwimCodec.encode(new SwimMessage.Gossip(ME, List.of()));
        byte[] bad = good.clone();
        bad[3] = '!'; // "me" becomes "m!"
        assertThatThrownBy(() -> SwimCodec.decode(bad)).isInstanceOf(SwimFormatException.class).hasMessageContaining("node id");
    }
}
