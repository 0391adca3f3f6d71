package io.ferry.cli;

import io.ferry.api.FerryApi;
import io.ferry.api.InspectView;
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
        InspectView v;
        try (FerryApi api = ferry.api()) {
            v = api.inspect(name, chunks);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Out.json(out, v);
            return 0;
        }
        InspectView.Chunker c = v.chunker();
        out.printf("name:        %s%n", v.name());
        out.printf("size:        %s (%d bytes)%n", Out.bytes(v.size()), v.size());
        out.printf("sha256:      %s%n", v.sha256());
        out.printf("manifest:    %s (%s)%n", v.manifestId(), Out.bytes(v.manifestBytes()));
        out.printf("chunker:     %s, min %d, avg %d, max %d%n", c.kind(), c.min(), c.avg(), c.max());
        out.printf("chunks:      %s (%s all-zero)%n", v.chunks(), v.zeroChunks());
        out.printf("zero bytes:  %s (%s)%n", Out.bytes(v.zeroBytes()), Out.percent(v.zeroBytes(), v.size()));
        out.printf("held as:     %s%n", v.seedFile() == null ? "chunks in this node's stores" : "seed " + v.seedFile());
        return 0;
    }
}
