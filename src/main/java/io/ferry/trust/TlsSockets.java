package io.ferry.trust;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TlsSockets are the socket factories of a {@link TlsContext}: each socket they make speaks TLS 1.3
 * only, and a server socket (and every socket it accepts) requires the client's certificate.
 */
final class TlsSockets {
    static final String PROTOCOL = "TLSv1.3";
    private static final String[] PROTOCOLS = {PROTOCOL};

    private TlsSockets() {
    }

    /** Client sockets, and server-side sockets over an accepted connection. */
    static final class Client extends SSLSocketFactory {
        private final SSLSocketFactory inner;

        Client(SSLSocketFactory inner) {
            this.inner = inner;
        }

        private static Socket client(Socket s) {
            ((SSLSocket) s).setEnabledProtocols(PROTOCOLS);
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return inner.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return inner.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return client(inner.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return client(inner.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            SSLSocket server = (SSLSocket) inner.createSocket(s, consumed, autoClose);
            server.setEnabledProtocols(PROTOCOLS);
            server.setNeedClientAuth(true);
            return server;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return client(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return client(inner.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return client(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return client(inner.createSocket(host, port, local, localPort));
        }
    }

    /** Server sockets; the sockets they accept take their settings. */
    static final class Server extends SSLServerSocketFactory {
        private final SSLServerSocketFactory inner;

        Server(SSLServerSocketFactory inner) {
            this.inner = inner;
        }

        private static ServerSocket server(ServerSocket s) {
            SSLServerSocket ssl = (SSLServerSocket) s;
            ssl.setEnabledProtocols(PROTOCOLS);
            ssl.setNeedClientAuth(true);
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return inner.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return inner.getSupportedCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return server(inner.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return server(inner.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return server(inner.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            return server(inner.createServerSocket(port, backlog, address));
        }
    }
}
