package io.ferry.cli;

import io.ferry.api.FerryApi;
import io.ferry.api.VerifyReport;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** ferry verify: can every image still be produced, bit for bit, from this node's own chunks? */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Re-read and re-hash every chunk of one image, or of all images; "
        + "exit non-zero when any chunk is missing or wrong. Wrong cached chunks are deleted.")
final class VerifyCommand extends ResultVerb<List<VerifyReport>> {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The image (default: all).")
    String name;

    @Override
    List<VerifyReport> ask(FerryApi api) throws Exception {
        return api.verify(name);
    }

    @Override
    int print(PrintWriter out, List<VerifyReport> r) {
        int bad = 0;
        for (VerifyReport v : r) {
            if (v.ok()) {
                out.printf("%-24s ok       %d chunks, %s verified%n", v.image(), v.chunks(), Out.bytes(v.verifiedBytes()));
            } else {
                bad++;
                out.printf("%-24s MISSING  %d of %d chunks not available here%s%n", v.image(), v.missingChunks(),
                        v.chunks(), v.seedState().equals("-") || v.seedState().equals("ok") ? ""
                                : " (seed file " + v.seedState() + ")");
            }
        }
        out.flush();
        if (bad > 0) {
            spec.commandLine().getErr().println("ferry: " + bad + " of " + r.size()
                    + " images cannot be produced from this node's chunks");
        }
        return status(r);
    }

    @Override
    int status(List<VerifyReport> r) {
        return r.stream().allMatch(VerifyReport::ok) ? 0 : FerryCommand.EXIT_FAILURE;
    }
}
