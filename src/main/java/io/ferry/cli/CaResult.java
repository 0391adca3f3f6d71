package io.ferry.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.ferry.trust.CertificateAuthority;
import io.ferry.trust.Certificates;
import io.ferry.trust.Identity;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * CaResult is what {@code ferry ca init} and {@code ferry ca issue} print with {@code --json}: the
 * certificate made (its subject; for a node also its id, site and role), its fingerprint, its last day,
 * and the files written.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record CaResult(String subject, String node, String site, String role, String fingerprint, String notAfter,
                List<String> files) {

    static CaResult of(CertificateAuthority.Written w, Identity who) throws CertificateParsingException {
        return new CaResult(w.certificate().getSubjectX500Principal().getName(),
                who == null ? null : who.node().value(), who == null ? null : who.site(),
                who == null ? null : who.role().word(), Certificates.fingerprint(w.certificate()),
                w.certificate().getNotAfter().toInstant().toString(),
                w.files().stream().map(Path::toString).toList());
    }

    /** The last day the certificate is valid, for people. */
    String lastDay() {
        return LocalDate.ofInstant(Instant.parse(notAfter), ZoneOffset.UTC).toString();
    }
}
