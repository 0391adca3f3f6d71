package io.ferry.cli;

import static io.ferry.util.Printable.safe;

import io.ferry.api.FerryApi;
import io.ferry.api.TableView;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** ferry table: the metadata table, for people. */
@Command(name = "table", mixinStandardHelpOptions = true, description = "Show the metadata table: which node holds "
        + "how much of which image, or with --image, every chunk of one image and its holders.")
final class TableCommand extends ResultVerb<TableView> {
    @Option(names = "--image", paramLabel = "NAME", description = "Show every chunk of this image.")
    String image;

    @Override
    TableView ask(FerryApi api) throws Exception {
        return api.table(image);
    }

    @Override
    int print(PrintWriter out, TableView t) {
        if (image == null) {
            out.printf("%-16s %-22s %-20s %10s %12s  %s%n", "NODE", "ADDRESS", "IMAGE", "SIZE", "CHUNKS HELD", "STATE");
            for (TableView.ImageRow r : t.images()) {
                // node ids, addresses and image names come from peers: printed safe
                out.printf("%-16s %-22s %-20s %10s %12s  %s%n", safe(r.node()), safe(r.address()), safe(r.image()),
                        Out.bytes(r.size()), r.chunksHeld(), r.complete() ? "complete" : "arriving");
            }
            return 0;
        }
        out.printf("image %s, manifest %s%n", safe(image), safe(t.manifestId()));
        out.printf("%7s %14s %7s  %-16s %s%n", "INDEX", "OFFSET", "LENGTH", "CHUNK", "HOLDERS");
        for (TableView.ChunkRow r : t.chunks()) {
            out.printf("%7s %14s %7s  %-16s %s%n", r.index(), r.offset(), r.length(), safe(r.id()).substring(0, 16),
                    r.zero() ? "(zero: never moves)" : safe(String.join(" ", r.holders())));
        }
        return 0;
    }
}
