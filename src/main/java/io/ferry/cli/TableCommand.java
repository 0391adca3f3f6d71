package io.ferry.cli;

import static io.ferry.util.Printable.safe;

import io.ferry.api.FerryApi;
import io.ferry.api.TableView;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ferry table: the metadata table, for people. A summary per image by default (one row per image, so it
 * stays short at a thousand nodes); per node for one image; per chunk only when asked.
 */
@Command(name = "table", mixinStandardHelpOptions = true, description = "Show the metadata table: each image the "
        + "cluster names and how many nodes hold it; with --image, each node that holds or relays that image; "
        + "with --chunks too, every chunk of it and its holders.")
final class TableCommand extends ResultVerb<TableView> {
    @Option(names = "--image", paramLabel = "NAME", description = "Show each node that holds or relays this image.")
    String image;

    @Option(names = "--chunks", description = "With --image: show every chunk of the image and its holders.")
    boolean chunks;

    @Override
    TableView ask(FerryApi api) throws Exception {
        if (chunks && image == null) {
            throw new UsageException("--chunks needs --image NAME");
        }
        return api.table(image, chunks);
    }

    @Override
    int print(PrintWriter out, TableView t) {
        // node ids, addresses, image names and publishers come from peers: printed safe
        if (image == null) {
            out.printf("%-20s %-16s %10s %-16s %8s %8s %8s%n", "IMAGE", "MANIFEST", "SIZE", "PUBLISHER", "RELAYS",
                    "COMPLETE", "PARTIAL");
            for (TableView.ImageRow r : t.images()) {
                out.printf("%-20s %-16s %10s %-16s %8d %8d %8d%n", safe(r.image()), safe(r.manifestId()).substring(0, 16),
                        Out.bytes(r.size()), safe(String.join(",", r.publishers())), r.relays(), r.nodesComplete(),
                        r.nodesPartial());
            }
            return 0;
        }
        out.printf("image %s, manifest %s%n", safe(image), safe(t.manifestId()));
        out.printf("%-16s %-22s %-8s %12s  %s%n", "NODE", "ADDRESS", "STATE", "CHUNKS HELD", "HOLDS");
        for (TableView.NodeRow r : t.nodes()) {
            out.printf("%-16s %-22s %-8s %12s  %s%n", safe(r.node()), safe(r.address()), r.state() == null ? "-" : safe(r.state()),
                    r.chunksHeld() + "/" + r.chunks(), r.complete() ? "complete" : r.chunksHeld() > 0 ? "arriving" : "binding only");
        }
        if (t.chunks() != null) {
            out.printf("%n%7s %14s %7s  %-16s %s%n", "INDEX", "OFFSET", "LENGTH", "CHUNK", "HOLDERS");
            for (TableView.ChunkRow r : t.chunks()) {
                out.printf("%7s %14s %7s  %-16s %s%n", r.index(), r.offset(), r.length(), safe(r.id()).substring(0, 16),
                        r.zero() ? "(zero: never moves)" : safe(String.join(" ", r.holders())));
            }
        }
        return 0;
    }
}
