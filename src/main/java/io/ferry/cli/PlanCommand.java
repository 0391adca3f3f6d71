package io.ferry.cli;

import static io.ferry.util.Printable.safe;

import io.ferry.api.FerryApi;
import io.ferry.api.PlanView;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** ferry plan NAME: the sources a running node would choose for an image now, and why; nothing is fetched. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Show the plan a running node would follow "
        + "to deliver an image now, without fetching: per peer the chunks, bytes, disk runs and estimated seconds, "
        + "and the reason (site, priority, configured and measured rates).")
final class PlanCommand extends ResultVerb<PlanView> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The image.")
    String name;

    @Override
    PlanView ask(FerryApi api) throws Exception {
        return api.plan(name);
    }

    @Override
    int print(PrintWriter out, PlanView v) {
        out.printf(Locale.ROOT, "%s: %d chunks (%s) not held here; %s plan, estimated %.1f s%s%n", safe(v.image()),
                v.chunksMissing(), Out.bytes(v.bytesMissing()), v.strategy(), v.seconds(),
                v.remoteBytes() > 0 ? ", " + Out.bytes(v.remoteBytes()) + " from other sites" : "");
        if (v.unplanned() > 0) {
            out.printf("%d chunks have no usable source%n", v.unplanned());
        }
        if (v.peers().isEmpty()) {
            return v.unplanned() > 0 ? 1 : 0;
        }
        out.printf("%-16s %8s %10s %6s %8s  %s%n", "NODE", "CHUNKS", "BYTES", "RUNS", "SECONDS", "REASON");
        for (PlanView.Peer p : v.peers()) {
            // node ids and sites come from peers: printed safe
            out.printf(Locale.ROOT, "%-16s %8d %10s %6d %8.1f  %s%n", safe(p.node()), p.chunks(), Out.bytes(p.bytes()),
                    p.runs(), p.seconds(), safe(p.reason()));
        }
        return 0;
    }
}
