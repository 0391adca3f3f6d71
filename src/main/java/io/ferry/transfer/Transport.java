package io.ferry.transfer;

import io.ferry.catalog.PeerAddress;
import io.ferry.trust.Credentials;
import io.ferry.util.Printable;
import io.ferry.trust.DenyList;
import io.ferry.trust.Identity;
import io.ferry.trust.Policy;
import io.ferry.trust.Trust;
import java.nio.file.Path;
import java.time.Clock;
import io.ferry.trust.NodeId;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transport is how this process speaks HTTP, both ways: the one client every outgoing call uses (peer
 * calls, and the CLI's calls to a remote node's admin listener) and the listeners that serve requests.
 * Both are made here and nowhere else, so the wire is secured in one place: with {@link Tls}, every
 * connection is TLS 1.3 with certificates both ways, a server is accepted only as a node whose signed
 * address claims the address dialled ({@link AddressBook}), and every request served carries its
 * caller's verified {@link Identity}.
 *
 * <p>The client is the JDK's {@link HttpURLConnection}: it keeps connections alive per peer, streams
 * request and response bodies, and times out a response that stops arriving (a read timeout, not only
 * one on the headers). The JDK's newer HttpClient was measured too: it loads its TLS machinery even
 * for plain HTTP, which cost every CLI command about 0.6 s of start-up (docs/benchmarks.md).
 */
public final class Transport {
    private static final Logger log = LoggerFactory.getLogger(Transport.class);
    private static final int CONNECT_MILLIS = 3000;

    /**
     * The TLS side of a node: its context (TLS 1.3, its certificate, trusting only the cluster CA), used to
     * dial; the listeners' context, the same credentials and trust, which requires the caller's
     * certificate; and how a verified certificate becomes an identity.
     */
    public record Tls(SSLContext context, SslContext server, Function<X509Certificate, Identity> identify) {
        /**
         * A node's TLS from its credentials. Dialling is the JDK's (HttpURLConnection over {@code context}).
         * Serving is BoringSSL (netty-tcnative) where it loads, else the JDK's SSLEngine over {@code context}:
         * measured (docs/benchmarks.md, issue 9, bench/tls-provider.sh), BoringSSL used a third less of the
         * server's CPU per GiB sent when warm (1.12 against 1.79 CPU-s, plaintext 0.63) and a fifth of the
         * JDK's extra CPU in a JVM that has just started, whose JIT has not compiled the JDK's TLS code yet
         * (a node's first deliveries), and a third of the CPU per handshake. Both stacks get the same key
         * manager, the same trust manager (the cluster CA, the clock, the deny list), client certificates
         * required and TLS 1.3 alone; Netty gives BoringSSL no session tickets, so every new connection is
         * judged by the trust manager, as the JDK's is.
         */
        public static Tls of(Credentials credentials, DenyList deny, Clock clock) {
            SSLContext context = credentials.context(deny, clock);
            return new Tls(context, server(credentials, deny, clock, context), credentials::identify);
        }

        private static SslContext server(Credentials credentials, DenyList deny, Clock clock, SSLContext context) {
            // No session tickets: a resumed TLS 1.3 session skips the trust manager, so a node denied (or a
            // certificate expired) after its first handshake would be served on its next connection.
            // Netty's BoringSSL server reads this JDK property; it is a process-wide setting, made here,
            // before the first server context, because only TLS listeners care about it.
            System.setProperty("jdk.tls.server.enableSessionTicketExtension", "false");
            if (OpenSsl.isAvailable() && OpenSsl.supportsKeyManagerFactory()) {
                try {
                    return SslContextBuilder.forServer(credentials.keyManagerFactory())
                            .trustManager(credentials.trustManager(deny, clock))
                            .clientAuth(ClientAuth.REQUIRE).protocols("TLSv1.3").sslProvider(SslProvider.OPENSSL)
                            .build();
                } catch (SSLException | RuntimeException e) {
                    log.warn("BoringSSL cannot serve TLS here ({}); serving with the JDK's TLS", e.getMessage());
                }
            } else {
                log.info("BoringSSL (netty-tcnative) is not available here ({}); serving with the JDK's TLS",
                        OpenSsl.unavailabilityCause() == null ? "no KeyManagerFactory support"
                                : OpenSsl.unavailabilityCause().toString());
            }
            return new JdkSslContext(context, false, null, IdentityCipherSuiteFilter.INSTANCE,
                    ApplicationProtocolConfig.DISABLED, ClientAuth.REQUIRE, new String[] {"TLSv1.3"}, false);
        }

        /** Which TLS implementation serves: "BoringSSL" or "JDK". */
        public String serverProvider() {
            return server instanceof JdkSslContext ? "JDK" : "BoringSSL";
        }
    }

    /** Which nodes claim (in their signed address facts) to serve at an address; empty: none known yet. */
    @FunctionalInterface
    public interface AddressBook {
        Set<NodeId> claimants(String address);
    }

    /** A response: its status and its body, to be closed by the caller. */
    public record Response(int status, InputStream body) implements AutoCloseable {
        /** The whole body, at most {@code limit} bytes (an answer longer than that is refused). */
        public byte[] bytes(int limit) throws IOException {
            byte[] b = body.readNBytes(limit + 1);
            if (b.length > limit) {
                throw new IOException("the answer is longer than " + limit + " bytes");
            }
            return b;
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private final Tls tls;
    private final SSLSocketFactory sockets;
    private final SslContext server;
    private volatile AddressBook book = address -> Set.of();

    /** Plain HTTP: loopback and --insecure only. */
    public Transport() {
        this(null);
    }

    public Transport(Tls tls) {
        this.tls = tls;
        this.sockets = tls == null ? null : tls.context().getSocketFactory();
        this.server = tls == null ? null : tls.server();
    }

    /** A node's transport: TLS with its credentials when it has them, plaintext otherwise. */
    public static Transport of(Trust trust, Clock clock) {
        if (!trust.tls()) {
            return new Transport();
        }
        Tls tls = Tls.of(trust.credentials(), trust.deny(), clock);
        log.info("TLS 1.3: dialling with the JDK's, serving with {}", tls.serverProvider());
        return new Transport(tls);
    }

    /** The CLI's transport to a node's admin listener, with the (operator's) certificate in {@code dir}. */
    public static Transport operator(Path dir) throws IOException {
        return of(new Trust(Credentials.load(dir), Policy.open(), DenyList.none()), Clock.systemUTC());
    }

    public boolean secure() {
        return tls != null;
    }

    /** Tells the client which node may answer at which address (the cluster view, once it exists). */
    public void addressBook(AddressBook book) {
        this.book = book;
    }

    /** GETs {@code path} from the node at {@code address} (host:port). */
    public Response get(String address, String path, Duration timeout) throws PeerException {
        return exchange(address, path, "GET", null, null, timeout);
    }

    /** POSTs {@code body} of {@code contentType} to {@code path} on the node at {@code address}. */
    public Response post(String address, String path, String contentType, byte[] body, Duration timeout)
            throws PeerException {
        return exchange(address, path, "POST", contentType, body, timeout);
    }

    private Response exchange(String address, String path, String method, String contentType, byte[] body,
                              Duration timeout) throws PeerException {
        try {
            PeerAddress.check(address);
            URI uri = URI.create((tls == null ? "http://" : "https://") + address + path);
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            if (c instanceof HttpsURLConnection s) {
                s.setSSLSocketFactory(sockets);
                s.setHostnameVerifier((host, session) -> bound(address, session));
            }
            c.setConnectTimeout(CONNECT_MILLIS);
            c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            c.setRequestMethod(method);
            if (body != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                if (contentType != null) {
                    c.setRequestProperty("Content-Type", contentType);
                }
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            return new Response(status, in == null ? InputStream.nullInputStream() : in);
        } catch (IllegalArgumentException e) {
            throw new PeerException("not an address: " + Printable.safe(address), PeerException.Kind.TRANSIENT, e);
        } catch (IOException e) {
            throw new PeerException("cannot reach " + address + ": " + describe(e), PeerException.Kind.TRANSIENT, e);
        }
    }

    /**
     * Whether the server at {@code address} is a node that claims it: the certificate chain was checked
     * by the TLS context already (issued by the cluster CA, valid, not denied); here its name is matched
     * to the nodes whose signed address facts say they serve there. An address nobody has claimed yet (a
     * configured --peer) may be any cluster member.
     */
    private boolean bound(String address, SSLSession session) {
        try {
            Identity id = tls.identify().apply((X509Certificate) session.getPeerCertificates()[0]);
            Set<NodeId> claimants = book.claimants(address);
            return claimants.isEmpty() || claimants.contains(id.node());
        } catch (Exception e) {
            return false;
        }
    }

    /** Listens on {@code host:port} (0: any free port): TLS when this transport has it, plain HTTP otherwise. */
    public HttpServer listen(String host, int port, ServerLimits limits, HttpServer.Handler handler) throws IOException {
        return HttpServer.tcp(host, port, server, tls == null ? null : tls.identify(),
                limits, handler);
    }

    /** Listens on {@code host:port} with TLS only (the operator's remote listener). */
    public HttpServer listenSecure(String host, int port, ServerLimits limits, HttpServer.Handler handler)
            throws IOException {
        if (tls == null) {
            throw new IllegalArgumentException("--admin-listen needs --tls: remote administration is over mutual TLS only");
        }
        return listen(host, port, limits, handler);
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
