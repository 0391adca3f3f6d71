package io.ferry.cli;

import static io.ferry.util.Printable.safe;

import io.ferry.api.DeliveryResult;
import io.ferry.api.FerryApi;
import io.ferry.api.GetRequest;
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

/** ferry get: deliver an image to a new file (published atomically) or into a block device (verified in place). */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Write an image to a file or a block device: "
        + "every chunk this node holds is reused, the rest fetched from peers (with --node), every chunk verified "
        + "before it is written. A file is written sparse and appears at PATH only when complete; an existing file is "
        + "refused unless --force, and a seed of an image held here, a link or a character device always. A block "
        + "device (at least as large as the image, not mounted or in use) is written in place and read back and "
        + "verified before success is reported.")
final class GetCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", required = true, description = "Where to write the image.")
    Path output;

    @Option(names = "--force", description = "Replace an existing regular file (only once the new image is complete).")
    boolean force;

    @Option(names = "--sha256", description = "Also compute the whole image's SHA-256 (re-reading it) and check it "
            + "against the manifest's.")
    boolean sha256;

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
                r = api.get(new GetRequest(name, output.toAbsolutePath().toString(), force, sha256));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Out.json(out, r);
            return 0;
        }
        boolean device = "device".equals(r.output());
        out.printf("wrote %s: %s in %s, %s%n", r.path(), Out.bytes(r.bytesTotal()), Out.seconds(r.seconds()),
                device ? "read back from the device and verified" : "every chunk verified");
        out.printf("  %-22s %10s  %s%n", "zero", Out.bytes(r.bytesZero()), device ? "(zeroed)" : "(left as holes)");
        if (r.sha256() != null) {
            out.printf("  %-22s %s%n", "sha256", r.sha256());
        }
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
