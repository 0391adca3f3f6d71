package io.ferry.trust;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CaTrustManager accepts a TLS peer only with a certificate the cluster CA issued to a node, meant for
 * its side of the connection (extended key usage serverAuth or clientAuth), valid at the clock's time
 * and not denied ({@link Authority}). The CA is the only anchor, and the peer's own certificate is the
 * only one looked at: ferry's CA issues directly, with no intermediates. Host names are not checked:
 * peers are known by the node id in their certificate, not by their address.
 *
 * <p>Each refusal is logged at warning level once per certificate (by fingerprint), so a peer retrying
 * every second does not fill the log; the memory of who was logged is bounded.
 */
final class CaTrustManager extends X509ExtendedTrustManager {
    private static final Logger log = LoggerFactory.getLogger(CaTrustManager.class);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int LOGGED = 4096;

    private final Authority authority;
    private final DenyList deny;
    private final Clock clock;
    private final Lru<String, Boolean> logged = new Lru<>(LOGGED);

    CaTrustManager(Authority authority, DenyList deny, Clock clock) {
        this.authority = authority;
        this.deny = deny;
        this.clock = clock;
    }

    /** Who {@code chain}'s certificate names, when it is accepted for {@code purpose}; CertificateException otherwise. */
    Identity check(X509Certificate[] chain, String purpose, String peer) throws CertificateException {
        if (chain == null || chain.length == 0 || chain[0] == null) {
            String none = "no certificate presented by " + peer;
            throw refused(none, peer, new CertificateException(none));
        }
        X509Certificate leaf = chain[0];
        String fingerprint;
        try {
            fingerprint = Certificates.fingerprint(leaf);
        } catch (CertificateParsingException e) {
            throw refused("unencodable certificate from " + peer, peer,
                    new CertificateParsingException("unencodable certificate from " + peer + ": " + e.getMessage()));
        }
        try {
            Identity who = authority.certify(leaf);
            List<String> purposes = leaf.getExtendedKeyUsage();
            if (purposes != null && !purposes.contains(purpose)) {
                throw new CertificateException("the certificate of " + who.describe() + " is not for a TLS "
                        + (purpose.equals(SERVER_AUTH) ? "server" : "client"));
            }
            authority.checkCurrent(who, leaf, clock.instant(), deny);
            return who;
        } catch (CertificateException e) {
            throw refused(fingerprint, peer, e);
        }
    }

    /** Logs the refusal the first time {@code key} (a fingerprint, or what stands for one) is refused. */
    private CertificateException refused(String key, String peer, CertificateException e) {
        if (logged.addFirst(key, Boolean.TRUE)) {
            String message = e.getMessage();
            log.warn("refused TLS peer {}: {}", peer, message.contains(key) ? message : message + " (certificate " + key + ")");
        }
        return e;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, CLIENT_AUTH, "a client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, SERVER_AUTH, "a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, CLIENT_AUTH, peer(socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, SERVER_AUTH, peer(socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, CLIENT_AUTH, peer(engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, SERVER_AUTH, peer(engine));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        // sent to clients in the certificate request, so a client holding several certificates offers ours
        return new X509Certificate[] {authority.certificate()};
    }

    private static String peer(Socket socket) {
        return socket == null || socket.getRemoteSocketAddress() == null ? "a peer"
                : socket.getRemoteSocketAddress().toString();
    }

    private static String peer(SSLEngine engine) {
        return engine == null || engine.getPeerHost() == null ? "a peer" : engine.getPeerHost() + ":" + engine.getPeerPort();
    }
}
