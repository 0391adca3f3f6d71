package io.ferry.cli;

import io.ferry.api.FerryApi;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry ls: the images this node knows. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List the images this node knows.")
final class LsCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<io.ferry.api.ImageView> images;
        try (FerryApi api = ferry.api()) {
            images = api.images();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Out.json(out, images);
            return 0;
        }
        if (images.isEmpty()) {
            out.println("no images (ferry import FILE adds one)");
            return 0;
        }
        out.printf("%-24s %10s  %-7s %-14s %s%n", "NAME", "SIZE", "HOLDING", "SHA256", "SOURCE");
        for (io.ferry.api.ImageView r : images) {
            out.printf("%-24s %10s  %-7s %-14s %s%n", r.name(), Out.bytes(r.size()), r.holding(),
                    r.sha256().substring(0, 12) + "…", r.seedFile() == null ? "cache" : r.seedFile());
        }
        return 0;
    }
}
