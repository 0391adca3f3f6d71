package io.ferry.cli;

import io.ferry.trust.CertificateAuthority;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** ferry ca init: make the cluster's CA. */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Make a cluster CA in CADIR, which must be "
        + "new or empty: ca.crt (its certificate, valid ten years) and ca.key (its private key, mode 0600).")
final class CaInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CADIR", description = "Directory for the CA (created, mode 0700).")
    Path dir;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CaResult r = CaResult.of(CertificateAuthority.init(dir), null);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Out.json(out, r);
            return 0;
        }
        out.printf("made %s, valid until %s, fingerprint %s%n", r.subject(), r.lastDay(), r.fingerprint());
        for (String f : r.files()) {
            out.printf("wrote %s%n", f);
        }
        out.printf("keep %s secret; issue each node its credentials with 'ferry ca issue %s --node ID -o DIR'%n",
                dir.resolve(CertificateAuthority.CA_KEY), dir);
        out.flush();
        return 0;
    }
}
