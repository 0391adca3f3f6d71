package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.trust.Identity;
import io.ferry.trust.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a caller can make a listener hold is bounded: slow requests, callers that never read, too many
 * requests from one caller, large bodies and garbage all end quickly while others keep being served.
 * Each test waits for the event (a closed connection, a status), never for a fixed time.
 */
class ServerLimitsTest {
    private final List<AutoCloseable> open = new ArrayList<>();
    @TempDir
    Path tmp;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static ServerLimits limits(int workers, int perPeer, Duration requestTime, Duration writeDeadline) {
        return new ServerLimits(workers, 4, 64, 1 << 16, perPeer, requestTime, Duration.ofMinutes(1), writeDeadline);
    }

    private HttpServer server(ServerLimits limits, HttpServer.Handler h) throws IOException {
        HttpServer s = HttpServer.tcp("127.0.0.1", 0, null, null, limits, h);
        open.add(s);
        return s;
    }

    private Socket connect(HttpServer s) throws IOException {
        Socket c = new Socket("127.0.0.1", s.port());
        c.setSoTimeout(60_000);
        open.add(c);
        return c;
    }

    private static String request(Socket c, String req) throws IOException {
        c.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        byte[] buf = new byte[256];
        int n = c.getInputStream().read(buf);
        return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    /** Slowloris: a request whose head never completes loses its connection at the request deadline. */
    @Test
    void slowRequest_isCutOff() throws Exception {
        HttpServer s = server(limits(2, 4, Duration.ofMillis(300), Duration.ofSeconds(5)), ex -> ex.respondText(200, "ok"));
        Socket c = connect(s);
        OutputStream out = c.getOutputStream();
        out.write("GET /x HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(c.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
        assertThat(request(connect(s), "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    /**
     * One caller (one certificate, however many connections it opens) with more requests in flight than its
     * share gets 503 at once; the worker pool is not its. Over TLS, as on a network: without certificates
     * callers cannot be told apart.
     */
    @Test
    void callerOverItsShare_gets503() throws Exception {
        Path ca = tmp.resolve("ca");
        io.ferry.trust.CertificateAuthority.init(ca);
        io.ferry.trust.CertificateAuthority.issue(ca, io.ferry.trust.NodeId.of("a"), null, Role.NODE, 1, tmp.resolve("a"));
        io.ferry.trust.CertificateAuthority.issue(ca, io.ferry.trust.NodeId.of("b"), null, Role.NODE, 1, tmp.resolve("b"));
        io.ferry.trust.Credentials a = io.ferry.trust.Credentials.load(tmp.resolve("a"));
        io.ferry.trust.Credentials b = io.ferry.trust.Credentials.load(tmp.resolve("b"));
        Transport.Tls tls = Transport.Tls.of(a, io.ferry.trust.DenyList.none(), java.time.Clock.systemUTC());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        HttpServer s = HttpServer.tcp("127.0.0.1", 0, tls.server(), a::identify,
                limits(4, 2, Duration.ofSeconds(20), Duration.ofSeconds(5)), ex -> {
                    started.countDown();
                    release.await(1, TimeUnit.MINUTES);
                    ex.respondText(200, ex.caller().node().value());
                });
        open.add(s);
        javax.net.SocketFactory asB = b.context(io.ferry.trust.DenyList.none(), java.time.Clock.systemUTC()).getSocketFactory();
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket c = asB.createSocket("127.0.0.1", s.port());
            c.setSoTimeout(60_000);
            open.add(c);
            c.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
            held.add(c);
            if (i == 1) {
                assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
            }
        }
        assertThat(new String(held.get(2).getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                .as("the third request of b").isEqualTo("HTTP/1.1 503");
        release.countDown();
        for (Socket c : held.subList(0, 2)) {
            assertThat(new String(c.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        }
    }

    /** A caller that asks for a long answer and never reads it holds a worker only until the write deadline. */
    @Test
    void callerThatNeverReads_losesItsWorker() throws Exception {
        CountDownLatch gaveUp = new CountDownLatch(1);
        HttpServer s = server(limits(1, 4, Duration.ofSeconds(20), Duration.ofMillis(300)), ex -> {
            if (ex.path().equals("/big")) {
                try (OutputStream o = ex.stream("application/octet-stream")) {
                    byte[] piece = new byte[1 << 16];
                    for (int i = 0; i < 4096; i++) {
                        o.write(piece);
                    }
                } catch (IOException e) {
                    gaveUp.countDown();
                    throw e;
                }
            } else {
                ex.respondText(200, "ok");
            }
        });
        Socket silent = connect(s);
        silent.setReceiveBufferSize(4096);
        silent.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(gaveUp.await(1, TimeUnit.MINUTES)).as("the stream gave up on the silent caller").isTrue();
        assertThat(request(connect(s), "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void bodyOverTheLimit_is413_andNotRead() throws Exception {
        HttpServer s = server(limits(2, 4, Duration.ofSeconds(20), Duration.ofSeconds(5)), ex -> ex.respondText(200, "ok"));
        String head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + (1 << 30) + "\r\n\r\n";
        assertThat(request(connect(s), head)).startsWith("HTTP/1.1 413");
    }

    @Test
    void garbage_is400() throws Exception {
        HttpServer s = server(limits(2, 4, Duration.ofSeconds(20), Duration.ofSeconds(5)), ex -> ex.respondText(200, "ok"));
        Socket c = connect(s);
        c.getOutputStream().write("\u0001\u0002 nonsense\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = c.getInputStream();
        String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(answer).startsWith("HTTP/1.1 400");
    }

    /** The operator's socket is private to this user and serves whoever reaches it as the operator. */
    @Test
    void unixSocket_isPrivate_andItsCallerIsTheOperator() throws Exception {
        Path sock = tmp.resolve("ferry.sock");
        Identity operator = new Identity(null, null, Role.OPERATOR, null, true);
        HttpServer s = HttpServer.unix(sock, operator, limits(2, 4, Duration.ofSeconds(20), Duration.ofSeconds(5)),
                ex -> ex.respondText(200, ex.caller().role().word()));
        open.add(s);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");
        try (Transport.Response r = UnixClient.post(sock, "/api/ls", "{}".getBytes(StandardCharsets.UTF_8))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(r.bytes(100), StandardCharsets.UTF_8).strip()).isEqualTo("operator");
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("ferry.sock");
        }
    }
}
