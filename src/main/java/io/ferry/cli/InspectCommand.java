package io.ferry.cli;

import io.ferry.node.FerryApi;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry inspect: one image's manifest. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show an image's manifest: size, digest, chunker, chunk counts.")
final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "Print the manifest as JSON.")
    boolean json;

    @Option(names = "--chunks", description = "Include every chunk (offset, length, id).")
    boolean chunks;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> v;
        try (FerryApi api = ferry.api()) {
            v = api.inspect(name, chunks);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Out.json(out, v);
            return 0;
        }
        long size = bytes(v.get("size"));
        long zero = bytes(v.get("zero_bytes"));
        out.printf("name:        %s%n", v.get("name"));
        out.printf("size:        %s (%d bytes)%n", Out.bytes(size), size);
        out.printf("sha256:      %s%n", v.get("sha256"));
        out.printf("manifest:    %s (%s)%n", v.get("manifest_id"), Out.bytes(bytes(v.get("manifest_bytes"))));
        out.printf("chunker:     %s%n", v.get("chunker"));
        out.printf("chunks:      %s (%s all-zero)%n", v.get("chunks"), v.get("zero_chunks"));
        out.printf("zero bytes:  %s (%s)%n", Out.bytes(zero), Out.percent(zero, size));
        out.printf("held as:     %s%n", v.get("seed_file") == null ? "chunks in this node's stores" : "seed " + v.get("seed_file"));
        return 0;
    }

    private static long bytes(Object n) {
        return ((Number) n).longValue();
    }
}
