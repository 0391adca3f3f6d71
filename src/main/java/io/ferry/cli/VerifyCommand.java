package io.ferry.cli;

import io.ferry.api.FerryApi;
import io.ferry.api.VerifyReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry verify: can every image still be produced, bit for bit, from this node's own chunks? */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Re-read and re-hash every chunk of one image, or of all images; "
        + "exit non-zero when any chunk is missing or wrong. Wrong cached chunks are deleted.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The image (default: all).")
    String name;

    @Override
    public Integer call() throws Exception {
        List<VerifyReport> reports;
        try (FerryApi api = ferry.api()) {
            reports = api.verify(name);
        }
        PrintWriter out = spec.commandLine().getOut();
        int bad = 0;
        for (VerifyReport r : reports) {
            if (r.ok()) {
                out.printf("%-24s ok       %d chunks, %s verified%n", r.image(), r.chunks(), Out.bytes(r.verifiedBytes()));
            } else {
                bad++;
                out.printf("%-24s MISSING  %d of %d chunks not available here%s%n", r.image(), r.missingChunks(),
                        r.chunks(), r.seedState().equals("-") || r.seedState().equals("ok") ? ""
                                : " (seed file " + r.seedState() + ")");
            }
        }
        out.flush();
        if (bad > 0) {
            spec.commandLine().getErr().println("ferry: " + bad + " of " + reports.size()
                    + " images cannot be produced from this node's chunks");
            return FerryCommand.EXIT_FAILURE;
        }
        return 0;
    }
}
