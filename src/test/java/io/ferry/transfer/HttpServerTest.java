package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpServerTest {
    /**
     * A closed server ends the connections peers keep alive to it, so a peer's next request fails at
     * once instead of waiting out its read timeout (seen one time in five before the server closed
     * its connections itself).
     */
    @Test
    void close_endsConnectionsKeptAlive() throws Exception {
        for (int round = 0; round < 10; round++) {
            HttpServer server = HttpServer.start("127.0.0.1", 0, 2, ex -> ex.respondText(200, "hello"));
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                assertThat(in.read(buf)).isPositive();
                server.close();
                s.setSoTimeout(30_000);
                assertThat(in.read(buf)).as("round %d: the connection ends with the server", round).isEqualTo(-1);
            }
        }
    }
}
