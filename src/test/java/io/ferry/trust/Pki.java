package io.ferry.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/** Pki is a cluster CA in a temporary directory and the credentials it issues, for tests. */
final class Pki {
    final Path root;
    final Path ca;
    private final AtomicInteger dirs = new AtomicInteger();

    Pki(Path root) {
        this.root = root;
        this.ca = root.resolve("ca-" + root.getFileName());
        try {
            CertificateAuthority.init(ca);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Issues to {@code node} into a new directory and returns that directory. */
    Path issue(String node, String site, Role role) {
        return issue(node, site, role, 365, Clock.systemUTC());
    }

    Path issue(String node, String site, Role role, int days, Clock clock) {
        Path out = root.resolve("creds-" + node + "-" + dirs.incrementAndGet());
        try {
            CertificateAuthority.issue(ca, NodeId.of(node), site, role, days, out, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    Credentials credentials(String node) {
        return load(issue(node, null, Role.NODE));
    }

    /** Credentials whose certificate expired a day ago (issued 31 days back for 30 days). */
    Credentials expired(String node) {
        return load(issue(node, null, Role.NODE, 30, Clock.fixed(Instant.now().minus(Duration.ofDays(31)),
                ZoneOffset.UTC)));
    }

    /** {@code cert} as PEM text, as ferry ca writes it. */
    static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Credentials load(Path dir) {
        try {
            return Credentials.load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
