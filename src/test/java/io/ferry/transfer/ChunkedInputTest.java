package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedInputTest {
    private static ChunkedInput of(String wire) {
        return new ChunkedInput(new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void read_chunksThenLastChunk_theBodyJoined() throws IOException {
        assertThat(new String(of("5\r\nhello\r\n1;ext=1\r\n \r\n6\r\nworld\n\r\n0\r\n\r\n").readAllBytes(),
                StandardCharsets.US_ASCII)).isEqualTo("hello world\n");
    }

    @Test
    void read_endsInsideAChunk_failsRatherThanLookingWhole() {
        assertThatThrownBy(() -> of("a\r\nhello").readAllBytes()).isInstanceOf(IOException.class)
                .hasMessage("the node's answer ended inside a chunk");
    }

    @Test
    void read_endsBeforeTheLastChunk_fails() {
        assertThatThrownBy(() -> of("5\r\nhello\r\n").readAllBytes()).isInstanceOf(IOException.class)
                .hasMessage("the node closed the connection before answering");
    }

    @Test
    void read_badSize_failsNamingIt() {
        assertThatThrownBy(() -> of("zz\r\nhello\r\n").readAllBytes()).hasMessage(
                "the node's answer is malformed: bad chunk size 'zz'");
    }
}
