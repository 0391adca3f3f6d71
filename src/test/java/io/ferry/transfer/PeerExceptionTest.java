package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What an answer's status says about the peer: the executor decides by it. */
class PeerExceptionTest {
    @Test
    void busyIsBackPressure_notFailure() {
        assertThat(PeerException.ofStatus(503)).isEqualTo(PeerException.Kind.BUSY);
        assertThat(PeerException.ofStatus(500)).isEqualTo(PeerException.Kind.TRANSIENT);
        assertThat(PeerException.ofStatus(404)).isEqualTo(PeerException.Kind.MISSING);
        assertThat(PeerException.ofStatus(403)).isEqualTo(PeerException.Kind.FORBIDDEN);
    }
}
