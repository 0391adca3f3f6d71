package io.ferry.cli;

import static io.ferry.util.Printable.safe;

import io.ferry.api.FerryApi;
import io.ferry.api.InspectView;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** ferry inspect: one image's manifest. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show an image's manifest: size, digest, chunker, chunk counts.")
final class InspectCommand extends ResultVerb<InspectView> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--chunks", description = "Include every chunk (offset, length, id).")
    boolean chunks;

    @Override
    InspectView ask(FerryApi api) throws Exception {
        return api.inspect(name, chunks);
    }

    @Override
    int print(PrintWriter out, InspectView r) {
        InspectView.Chunker c = r.chunker();
        // a remote node (--node) sends these strings: printed safe, so they cannot drive the terminal
        out.printf("name:        %s%n", safe(r.name()));
        out.printf("size:        %s (%d bytes)%n", Out.bytes(r.size()), r.size());
        out.printf("sha256:      %s%n", r.sha256() == null ? "not computed (ferry verify --sha256 " + safe(r.name())
                + " computes it)" : safe(r.sha256()));
        out.printf("manifest:    %s (%s)%n", safe(r.manifestId()), Out.bytes(r.manifestBytes()));
        out.printf("chunker:     %s, min %d, avg %d, max %d%n", safe(c.kind()), c.min(), c.avg(), c.max());
        out.printf("chunks:      %s (%s all-zero)%n", r.chunks(), r.zeroChunks());
        out.printf("zero bytes:  %s (%s)%n", Out.bytes(r.zeroBytes()), Out.percent(r.zeroBytes(), r.size()));
        out.printf("held as:     %s%n", r.seedFile() == null ? "chunks in this node's stores" : "seed " + safe(r.seedFile()));
        return 0;
    }
}
