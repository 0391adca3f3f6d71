package io.ferry.cli;

import static io.ferry.util.Printable.safe;

import io.ferry.api.DeliveryResult;
import io.ferry.api.FerryApi;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry get: deliver an image to a file, verified, sparse, published atomically. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Write an image to a file: every chunk this "
        + "node holds is reused, the rest fetched from peers (with --node), every chunk and the whole image verified, "
        + "zero chunks left as holes, the file appearing at PATH only when complete.")
final class GetCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", required = true, description = "Where to write the image.")
    Path output;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AtomicLong done = new AtomicLong();
        DeliveryResult r;
        try (FerryApi api = ferry.api(n -> { }, done)) {
            long size = 0;
            if (!ferry.remote()) {
                try {
                    size = api.inspect(name, false).size();
                } catch (java.io.IOException e) {
                    size = 0; // not local: the delivery itself says what is wrong
                }
            }
            try (ProgressBar bar = ProgressBar.start("get", size, done)) {
                r = api.get(name, output.toAbsolutePath().toString());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Out.json(out, r);
            return 0;
        }
        out.printf("wrote %s: %s in %s, verified%n", r.path(), Out.bytes(r.bytesTotal()), Out.seconds(r.seconds()));
        out.printf("  %-22s %10s  (left as holes)%n", "zero", Out.bytes(r.bytesZero()));
        r.bytesLocalByOrigin().forEach((o, n) -> out.printf("  %-22s %10s%n", "local " + o, Out.bytes(n)));
        // peers name themselves: their ids are printed safe
        r.bytesFetchedByPeer().forEach((p, n) -> out.printf("  %-22s %10s  on the wire%n", "from " + safe(String.valueOf(p)),
                Out.bytes(n)));
        if (r.bytesFromPeers() > 0) {
            out.printf("  %-22s %10s  of image data in %s on the wire%n", "fetched", Out.bytes(r.bytesFromPeers()),
                    Out.bytes(r.bytesFetched()));
        }
        return 0;
    }
}
