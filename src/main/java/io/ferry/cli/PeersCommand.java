package io.ferry.cli;

import static io.ferry.util.Printable.safe;

import io.ferry.api.FerryApi;
import io.ferry.api.PeerView;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** ferry peers: the nodes this one knows. */
@Command(name = "peers", mixinStandardHelpOptions = true, description = "List the nodes this node knows, "
        + "when it last heard from each, and whether they answer.")
final class PeersCommand extends ResultVerb<List<PeerView>> {

    @Override
    List<PeerView> ask(FerryApi api) throws Exception {
        return api.peers();
    }

    @Override
    int print(PrintWriter out, List<PeerView> r) {
        if (r.isEmpty()) {
            out.println("no peers known");
            return 0;
        }
        out.printf("%-16s %-22s %-10s %-11s %7s %10s %12s%n", "NODE", "ADDRESS", "SITE", "STATE", "IMAGES", "BYTES",
                "LAST HEARD");
        for (PeerView p : r) {
            Long ago = p.lastSeenMsAgo();
            Boolean ok = p.reachable();
            // node ids and addresses come from peers: printed safe, so they cannot drive the terminal
            out.printf("%-16s %-22s %-10s %-11s %7s %10s %12s%n", p.node() == null ? "?" : safe(p.node()),
                    safe(p.address()), p.site() == null ? "-" : safe(p.site()),
                    p.state() != null ? p.state() : ok == null ? "not tried" : ok ? "alive" : "unreachable",
                    p.images() == null ? "-" : p.images(), p.bytes() == null ? "-" : Out.bytes(p.bytes()),
                    ago == null ? "never" : String.format("%.1f s ago", ago / 1000.0));
        }
        return 0;
    }
}
