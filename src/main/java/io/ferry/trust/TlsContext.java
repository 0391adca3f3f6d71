package io.ferry.trust;

import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * TlsContext is the JDK's SSLContext with ferry's settings applied to everything it makes: TLS 1.3 only,
 * and on the server side a client certificate required. A plain SSLContext cannot carry either, only
 * hand them to whoever configures each socket or engine; wrapping it means a caller cannot forget them
 * (sockets, server sockets, engines and the default parameters Netty reads all come out set).
 */
final class TlsContext extends SSLContextSpi {
    private final SSLContext inner;

    private TlsContext(SSLContext inner) {
        this.inner = inner;
    }

    /** A context offering {@code keys} and trusting whom {@code trust} accepts. */
    static SSLContext create(KeyManager[] keys, TrustManager trust) throws GeneralSecurityException {
        SSLContext inner = SSLContext.getInstance(TlsSockets.PROTOCOL);
        inner.init(keys, new TrustManager[] {trust}, new SecureRandom());
        return new SSLContext(new TlsContext(inner), inner.getProvider(), TlsSockets.PROTOCOL) {
        };
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
            throws KeyManagementException {
        throw new KeyManagementException("a ferry TLS context comes initialised from its credentials");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return new TlsSockets.Client(inner.getSocketFactory());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return new TlsSockets.Server(inner.getServerSocketFactory());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return configure(inner.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return configure(inner.createSSLEngine(host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return inner.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return inner.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return configure(inner.getDefaultSSLParameters());
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return inner.getSupportedSSLParameters();
    }

    /** An engine works either way round; requiring a certificate only matters once it is a server. */
    private static SSLEngine configure(SSLEngine engine) {
        engine.setEnabledProtocols(new String[] {TlsSockets.PROTOCOL});
        engine.setNeedClientAuth(true);
        return engine;
    }

    static SSLParameters configure(SSLParameters p) {
        p.setProtocols(new String[] {TlsSockets.PROTOCOL});
        p.setNeedClientAuth(true);
        return p;
    }
}
