package io.ferry.transfer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Transport is how this process speaks HTTP, both ways: the one client every outgoing call uses (peer
 * calls and the CLI's calls to its node alike) and the listener that serves requests. Both are made
 * here and nowhere else, so that securing the wire (TLS, identities) is a change to this class.
 */
public final class Transport {
    private static final Duration CONNECT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT).sslContext(plainOnly()).build();

    /**
     * The wire is plain HTTP until nodes have certificates. Without an SSL context of its own the JDK
     * client builds the default one, loading the system's trust store: over a second of a CLI
     * command's start. This one trusts nothing, so no TLS connection could be made with it anyway.
     */
    private static javax.net.ssl.SSLContext plainOnly() {
        try {
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
            ctx.init(new javax.net.ssl.KeyManager[0], new javax.net.ssl.TrustManager[0], null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS 1.3", e);
        }
    }

    /** A request to {@code path} on the node at {@code address} (host:port). */
    public HttpRequest.Builder request(String address, String path) {
        return HttpRequest.newBuilder(URI.create("http://" + address + path));
    }

    /** Sends a request; connection failures become a transient {@link PeerException} naming the address. */
    public <T> HttpResponse<T> send(String address, HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws PeerException {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new PeerException("cannot reach " + address + ": " + describe(e), PeerException.Kind.TRANSIENT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while talking to " + address, PeerException.Kind.TRANSIENT, e);
        }
    }

    /** Listens on {@code host:port} (0: any free port), handling requests on {@code workers} threads. */
    public HttpServer listen(String host, int port, int workers, HttpServer.Handler handler) throws IOException {
        return HttpServer.start(host, port, workers, handler);
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
