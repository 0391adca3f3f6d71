package io.ferry.cli;

import io.ferry.trust.CertificateAuthority;
import io.ferry.trust.Certificates;
import io.ferry.trust.NodeId;
import io.ferry.trust.Role;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** ferry ca issue: write one node's credentials. */
@Command(name = "issue", mixinStandardHelpOptions = true, description = "Issue a node its certificate and key, "
        + "signed by the CA in CADIR, into DIR (new or empty): ca.crt, node.crt and node.key (mode 0600). The CA's "
        + "key is never copied. Give DIR to the node.")
final class CaIssueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CADIR", description = "The CA's directory (made by 'ferry ca init').")
    Path caDir;

    @Option(names = "--node", required = true, paramLabel = "ID", description = "The node's id, as it runs with "
            + "'ferry node --id ID'.")
    String node;

    @Option(names = "--site", paramLabel = "SITE", description = "The node's site (rack, room, region), for "
            + "policy rules: 1-64 letters, digits and . _ - (default: none).")
    String site;

    @Option(names = "--role", paramLabel = "node|operator", defaultValue = "node", description = "node (serves and "
            + "fetches) or operator (may also run the verbs); default ${DEFAULT-VALUE}.")
    String role;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + CertificateAuthority.DEFAULT_DAYS,
            description = "Days the certificate is valid (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Directory for the "
            + "credentials (created, mode 0700).")
    Path out;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CertificateAuthority.Written w;
        try {
            NodeId id = NodeId.of(node);
            Role r = Role.parse(role);
            w = CertificateAuthority.issue(caDir, id, site, r, days, out);
        } catch (IllegalArgumentException e) {
            // every IllegalArgumentException here is about the arguments: an id, a site, a role, a validity
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CaResult result = CaResult.of(w, Certificates.identity(w.certificate()));
        PrintWriter p = spec.commandLine().getOut();
        if (json) {
            Out.json(p, result);
            return 0;
        }
        p.printf("issued node %s (%s, role %s), valid until %s, fingerprint %s%n", result.node(),
                result.site() == null ? "no site" : "site " + result.site(), result.role(), result.lastDay(),
                result.fingerprint());
        for (String f : result.files()) {
            p.printf("wrote %s%n", f);
        }
        p.flush();
        return 0;
    }
}
