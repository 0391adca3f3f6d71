package io.ferry.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS 1.3 handshakes over loopback between contexts made from issued credentials. */
class TlsTest {
    private static final int TIMEOUT_MS = 20_000;

    @TempDir
    Path tmp;

    /** What each side of one connection saw: the peer's identity, or why the connection failed. */
    record Outcome(Identity serverSaw, Exception serverError, Identity clientSaw, Exception clientError) {
    }

    static Outcome connect(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Identity> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(TIMEOUT_MS);
                    s.startHandshake();
                    Identity peer = Certificates.identity((X509Certificate) s.getSession().getPeerCertificates()[0]);
                    s.getOutputStream().write(42);
                    s.getOutputStream().flush();
                    s.getInputStream().read();
                    return peer;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Identity clientSaw = null;
            Exception clientError = null;
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort())) {
                s.setSoTimeout(TIMEOUT_MS);
                s.startHandshake();
                // in TLS 1.3 the server judges the client's certificate after the client's handshake is done:
                // only the first byte read tells the client it was accepted
                if (s.getInputStream().read() != 42) {
                    throw new IOException("the server closed the connection");
                }
                s.getOutputStream().write(1);
                s.getOutputStream().flush();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
                clientSaw = Certificates.identity((X509Certificate) s.getSession().getPeerCertificates()[0]);
            } catch (IOException e) {
                clientError = e;
            }
            try {
                return new Outcome(served.get(TIMEOUT_MS, TimeUnit.MILLISECONDS), null, clientSaw, clientError);
            } catch (ExecutionException e) {
                return new Outcome(null, (Exception) e.getCause().getCause(), clientSaw, clientError);
            }
        }
    }

    @Test
    void handshake_twoNodesOfOneCluster_eachSeesTheOther() throws Exception {
        Pki pki = new Pki(tmp);
        Credentials a = pki.credentials("a");
        Credentials b = Credentials.load(pki.issue("b", "rack2", Role.OPERATOR));

        Outcome o = connect(a.context(DenyList.none(), Clock.systemUTC()), b.context(DenyList.none(), Clock.systemUTC()));

        assertThat(o.serverError()).isNull();
        assertThat(o.clientError()).isNull();
        assertThat(o.serverSaw()).isEqualTo(b.identity());
        assertThat(o.clientSaw()).isEqualTo(a.identity());
    }

    @Test
    void handshake_clientOfAnotherCluster_refused() throws Exception {
        Pki pki = new Pki(tmp);
        Pki other = new Pki(tmp.resolve("other"));
        Outcome o = connect(pki.credentials("a").context(DenyList.none(), Clock.systemUTC()),
                other.credentials("b").context(DenyList.none(), Clock.systemUTC()));
        // each side refuses the other's certificate; whichever notices first aborts, so the other may
        // see the broken connection (an IOException) rather than a TLS alert
        assertThat(o.serverError()).isInstanceOf(java.io.IOException.class);
        assertThat(o.clientError()).isInstanceOf(java.io.IOException.class);
        assertThat(o.serverSaw()).isNull();
    }

    @Test
    void handshake_clientWithoutCertificate_refused() throws Exception {
        Pki pki = new Pki(tmp);
        Credentials a = pki.credentials("a");
        SSLContext anonymous = SSLContext.getInstance("TLSv1.3");
        anonymous.init(null, new TrustManager[] {a.trustManager(DenyList.none(), Clock.systemUTC())}, null);

        Outcome o = connect(a.context(DenyList.none(), Clock.systemUTC()), anonymous);

        assertThat(o.serverError()).isInstanceOf(SSLException.class);
        assertThat(o.clientError()).isNotNull();
        assertThat(o.serverSaw()).isNull();
    }

    @Test
    void handshake_deniedOrExpiredClient_refused() throws Exception {
        Pki pki = new Pki(tmp);
        Credentials a = pki.credentials("a");
        Credentials b = pki.credentials("b");
        DenyList denyB = who -> who.node().value().equals("b");

        Outcome denied = connect(a.context(denyB, Clock.systemUTC()), b.context(DenyList.none(), Clock.systemUTC()));
        assertThat(denied.serverError()).isInstanceOf(SSLException.class);
        assertThat(denied.clientError()).isNotNull();

        Outcome expired = connect(a.context(DenyList.none(), Clock.systemUTC()),
                pki.expired("c").context(DenyList.none(), Clock.systemUTC()));
        assertThat(expired.serverError()).isInstanceOf(SSLException.class);
        assertThat(expired.clientError()).isNotNull();
    }

    @Test
    void context_everySocketAndEngine_isTls13Only_serversRequireClientCertificates() throws Exception {
        SSLContext c = new Pki(tmp).credentials("a").context(DenyList.none(), Clock.systemUTC());
        try (SSLServerSocket server = (SSLServerSocket) c.getServerSocketFactory().createServerSocket(0);
             SSLSocket client = (SSLSocket) c.getSocketFactory().createSocket()) {
            assertThat(server.getEnabledProtocols()).containsExactly("TLSv1.3");
            assertThat(server.getNeedClientAuth()).isTrue();
            assertThat(client.getEnabledProtocols()).containsExactly("TLSv1.3");
        }
        SSLEngine engine = c.createSSLEngine();
        engine.setUseClientMode(false);
        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3");
        assertThat(engine.getNeedClientAuth()).isTrue();
        assertThat(Set.of(c.getDefaultSSLParameters().getProtocols())).containsExactly("TLSv1.3");
    }
}
