package io.ferry.cli;

import io.ferry.node.FerryApi;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry table: the metadata table, for people. */
@Command(name = "table", mixinStandardHelpOptions = true, description = "Show the metadata table: which node holds "
        + "how much of which image, or with --image, every chunk of one image and its holders.")
final class TableCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Option(names = "--image", paramLabel = "NAME", description = "Show every chunk of this image.")
    String image;

    @Option(names = "--json", description = "Print the table as JSON.")
    boolean json;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        Map<String, Object> t;
        try (FerryApi api = ferry.api()) {
            t = api.table(image);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Out.json(out, t);
            return 0;
        }
        if (image == null) {
            out.printf("%-16s %-22s %-20s %10s %12s  %s%n", "NODE", "ADDRESS", "IMAGE", "SIZE", "CHUNKS HELD", "STATE");
            for (Map<String, Object> r : (List<Map<String, Object>>) t.get("images")) {
                out.printf("%-16s %-22s %-20s %10s %12s  %s%n", r.get("node"), r.get("address"), r.get("image"),
                        Out.bytes(((Number) r.get("size")).longValue()), r.get("chunks_held"),
                        Boolean.TRUE.equals(r.get("complete")) ? "complete" : "arriving");
            }
            return 0;
        }
        out.printf("image %s, manifest %s%n", image, t.get("manifest_id"));
        out.printf("%7s %14s %7s  %-16s %s%n", "INDEX", "OFFSET", "LENGTH", "CHUNK", "HOLDERS");
        for (Map<String, Object> r : (List<Map<String, Object>>) t.get("chunks")) {
            boolean zero = Boolean.TRUE.equals(r.get("zero"));
            out.printf("%7s %14s %7s  %-16s %s%n", r.get("index"), r.get("offset"), r.get("length"),
                    ((String) r.get("id")).substring(0, 16), zero ? "(zero: never moves)" : String.join(" ",
                            (List<String>) r.get("holders")));
        }
        return 0;
    }
}
