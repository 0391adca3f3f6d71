package io.ferry.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * Transport is how this process speaks HTTP, both ways: the one client every outgoing call uses (peer
 * calls and the CLI's calls to its node alike) and the listener that serves requests. Both are made
 * here and nowhere else, so that securing the wire (TLS, identities) is a change to this class.
 *
 * <p>The client is the JDK's {@link HttpURLConnection}: it keeps connections alive per peer, streams
 * request and response bodies, and times out a response that stops arriving (a read timeout, not only
 * one on the headers). The JDK's newer HttpClient was measured too: it loads its TLS machinery even
 * for plain HTTP, which cost every CLI command about 0.6 s of start-up (docs/benchmarks.md).
 */
public final class Transport {
    private static final int CONNECT_MILLIS = 3000;

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
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + address + path).toURL().openConnection();
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
            throw new PeerException("not an address: " + address, PeerException.Kind.TRANSIENT, e);
        } catch (IOException e) {
            throw new PeerException("cannot reach " + address + ": " + describe(e), PeerException.Kind.TRANSIENT, e);
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
