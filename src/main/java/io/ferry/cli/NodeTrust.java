package io.ferry.cli;

import io.ferry.trust.Credentials;
import io.ferry.trust.DenyFile;
import io.ferry.trust.DenyList;
import io.ferry.trust.Policy;
import io.ferry.trust.PolicyFile;
import io.ferry.trust.Trust;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * NodeTrust turns {@code ferry node}'s security options into a {@link Trust}, refusing combinations that
 * would pretend to a safety they do not give: a policy or deny list without certificates (there is no
 * identity to check), an admin listener without TLS, plaintext on a non-loopback address without
 * {@code --insecure}.
 */
final class NodeTrust {
    private NodeTrust() {
    }

    static Trust of(Path tls, Path deny, Path policy, boolean admin) throws IOException {
        if (tls == null) {
            if (policy != null || deny != null || admin) {
                throw new IllegalArgumentException((policy != null ? "--policy" : deny != null ? "--deny" : "--admin-listen")
                        + " needs --tls: without certificates there is no identity to check");
            }
            return Trust.none();
        }
        Clock clock = Clock.systemUTC();
        Credentials credentials = Credentials.load(tls);
        DenyList denied = deny == null ? DenyList.none() : DenyFile.open(deny, clock);
        Policy rules = policy == null ? Policy.open() : PolicyFile.open(policy, clock);
        return new Trust(credentials, rules, denied);
    }

    /** Refuses plaintext off loopback unless {@code insecure}; warns about plaintext at all. */
    static void checkPlaintext(Trust trust, String host, boolean insecure, PrintWriter err) {
        if (trust.tls()) {
            return;
        }
        if (!loopback(host) && !insecure) {
            throw new IllegalArgumentException("refusing to serve " + host + " in plaintext: give --tls DIR (see "
                    + "'ferry ca'), or --insecure to let anyone on the network read every image and speak for any node");
        }
        err.println("ferry: warning: plaintext, no certificates: any process that reaches " + host
                + " can read every image and speak for any node");
        err.flush();
    }

    /** The node id: the certificate's common name; --id, when given, must be the same. */
    static String id(Trust trust, String id) {
        if (!trust.tls()) {
            return id;
        }
        String named = trust.credentials().identity().node().value();
        if (id != null && !id.equals(named)) {
            throw new IllegalArgumentException("--id " + id + " does not match the certificate, which is for " + named);
        }
        return named;
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
