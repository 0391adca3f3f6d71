package io.ferry.cli;

import io.ferry.api.FerryApi;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** ferry ls: the images this node knows. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List the images this node knows.")
final class LsCommand extends ResultVerb<List<io.ferry.api.ImageView>> {

    @Override
    List<io.ferry.api.ImageView> ask(FerryApi api) throws Exception {
        return api.images();
    }

    @Override
    int print(PrintWriter out, List<io.ferry.api.ImageView> r) {
        if (r.isEmpty()) {
            out.println("no images (ferry import FILE adds one)");
            return 0;
        }
        out.printf("%-24s %10s  %-7s %-14s %s%n", "NAME", "SIZE", "HOLDING", "SHA256", "SOURCE");
        for (io.ferry.api.ImageView i : r) {
            out.printf("%-24s %10s  %-7s %-14s %s%n", i.name(), Out.bytes(i.size()), i.holding(),
                    i.sha256() == null ? "-" : i.sha256().substring(0, 12) + "…", i.seedFile() == null ? "cache" : i.seedFile());
        }
        return 0;
    }
}
