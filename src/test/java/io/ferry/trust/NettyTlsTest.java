package io.ferry.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Netty server context built from what Credentials expose (key manager factory, trust manager) speaks
 * with a client engine from {@link Credentials#context}: the handshake runs engine to engine, in memory.
 */
class NettyTlsTest {
    @TempDir
    Path tmp;

    static SslContext nettyServer(Credentials c) throws SSLException {
        return SslContextBuilder.forServer(c.keyManagerFactory())
                .trustManager(c.trustManager(DenyList.none(), Clock.systemUTC()))
                .clientAuth(ClientAuth.REQUIRE).protocols("TLSv1.3").sslProvider(SslProvider.JDK).build();
    }

    static SSLEngine client(Credentials c) {
        SSLEngine e = c.context(DenyList.none(), Clock.systemUTC()).createSSLEngine("peer", 7420);
        e.setUseClientMode(true);
        return e;
    }

    @Test
    void nettyServer_clientOfTheCluster_handshakes() throws Exception {
        Pki pki = new Pki(tmp);
        Credentials a = pki.credentials("a");
        Credentials b = Credentials.load(pki.issue("b", "rack2", Role.NODE));
        SSLEngine server = nettyServer(a).newEngine(ByteBufAllocator.DEFAULT);
        SSLEngine client = client(b);

        handshake(client, server);

        assertThat(server.getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(Certificates.identity((X509Certificate) server.getSession().getPeerCertificates()[0]))
                .isEqualTo(b.identity());
        assertThat(Certificates.identity((X509Certificate) client.getSession().getPeerCertificates()[0]))
                .isEqualTo(a.identity());
    }

    @Test
    void nettyServer_clientOfAnotherCluster_refused() throws Exception {
        Pki pki = new Pki(tmp);
        SSLEngine server = nettyServer(pki.credentials("a")).newEngine(ByteBufAllocator.DEFAULT);
        SSLEngine client = client(new Pki(tmp.resolve("other")).credentials("b"));
        assertThatThrownBy(() -> handshake(client, server)).isInstanceOf(SSLException.class);
    }

    /** Moves handshake records between the two engines until both are done; SSLException if either refuses. */
    static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int app = Math.max(client.getSession().getApplicationBufferSize(), server.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(packet * 4);
        ByteBuffer toClient = ByteBuffer.allocate(packet * 4);
        ByteBuffer sink = ByteBuffer.allocate(app * 4);
        ByteBuffer none = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100; round++) {
            client.wrap(none, toServer);
            tasks(client);
            server.wrap(none, toClient);
            tasks(server);
            toServer.flip();
            toClient.flip();
            while (toClient.hasRemaining() && client.unwrap(toClient, sink).bytesConsumed() > 0) {
                tasks(client);
            }
            while (toServer.hasRemaining() && server.unwrap(toServer, sink).bytesConsumed() > 0) {
                tasks(server);
            }
            toServer.compact();
            toClient.compact();
            sink.clear();
            if (done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0) {
                return;
            }
        }
        throw new AssertionError("the handshake did not finish");
    }

    private static boolean done(SSLEngine e) {
        return e.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    private static void tasks(SSLEngine e) {
        for (Runnable t = e.getDelegatedTask(); t != null; t = e.getDelegatedTask()) {
            t.run();
        }
    }
}
