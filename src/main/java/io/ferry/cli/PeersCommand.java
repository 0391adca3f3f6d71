package io.ferry.cli;

import io.ferry.api.FerryApi;
import io.ferry.api.PeerView;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry peers: the nodes this one knows. */
@Command(name = "peers", mixinStandardHelpOptions = true, description = "List the nodes this node knows, "
        + "when it last heard from each, and whether they answer.")
final class PeersCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<PeerView> peers;
        try (FerryApi api = ferry.api()) {
            peers = api.peers();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Out.json(out, peers);
            return 0;
        }
        if (peers.isEmpty()) {
            out.println("no peers known");
            return 0;
        }
        out.printf("%-16s %-22s %7s %12s  %s%n", "NODE", "ADDRESS", "IMAGES", "LAST SEEN", "STATE");
        for (PeerView p : peers) {
            Long ago = p.lastSeenMsAgo();
            Boolean ok = p.reachable();
            out.printf("%-16s %-22s %7s %12s  %s%n", p.node() == null ? "?" : p.node(), p.address(),
                    p.images() == null ? "-" : p.images(),
                    ago == null ? "never" : String.format("%.1f s ago", ago / 1000.0),
                    ok == null ? "not tried" : ok ? "reachable" : "unreachable");
        }
        return 0;
    }
}
