package io.ferry.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/** ferry ca: the cluster's certificate authority ({@code init}, {@code issue}). */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "The cluster's certificate authority: make "
        + "one (init), and issue each node its credentials (issue). The CA's directory holds its private key: keep "
        + "it off the nodes.")
final class CaCommand {
    /**
     * Attaches {@code ca} and its verbs to the {@code ferry} command line. The options every verb inherits
     * from {@code ferry} (a data directory, a daemon's {@code --node} address) mean nothing to a CA, and
     * {@code --node} names the node to certify in {@code ca issue}, so they are taken off {@code ca} before
     * its verbs are attached, which then inherit none of them.
     */
    static void attach(CommandLine ferry) {
        CommandLine ca = new CommandLine(new CaCommand());
        ferry.addSubcommand(ca);
        List<OptionSpec> inherited = ca.getCommandSpec().options().stream().filter(OptionSpec::inherited).toList();
        for (OptionSpec o : inherited) {
            ca.getCommandSpec().remove(o);
        }
        ca.addSubcommand(new CaInitCommand());
        ca.addSubcommand(new CaIssueCommand());
    }
}
