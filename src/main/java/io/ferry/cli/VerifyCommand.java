package io.ferry.cli;

import io.ferry.api.FerryApi;
import io.ferry.api.VerifyReport;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** ferry verify: can every image still be produced, bit for bit, from this node's own chunks? */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Re-read and re-hash every chunk of one image, or of all images; "
        + "exit non-zero when any chunk is missing or wrong. Wrong cached chunks are deleted.")
final class VerifyCommand extends ResultVerb<List<VerifyReport>> {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The image (default: all).")
    String name;

    @Option(names = "--sha256", description = "Also compute the image's plain SHA-256 (as sha256sum prints it) from "
            + "this node's chunks, print it, and check it against the manifest's when the manifest has one.")
    boolean sha256;

    @Override
    List<VerifyReport> ask(FerryApi api) throws Exception {
        return api.verify(name, sha256);
    }

    @Override
    int print(PrintWriter out, List<VerifyReport> r) {
        int bad = 0;
        for (VerifyReport v : r) {
            if (v.sha256Differs()) {
                bad++;
                out.printf("%-24s WRONG    sha256 %s, but its manifest says %s%n", v.image(),
                        io.ferry.util.Printable.safe(v.sha256()), io.ferry.util.Printable.safe(v.manifestSha256()));
            } else if (v.ok()) {
                out.printf("%-24s ok       %d chunks, %s verified%s%n", v.image(), v.chunks(), Out.bytes(v.verifiedBytes()),
                        v.sha256() == null ? "" : ", sha256 " + v.sha256()
                                + (v.manifestSha256() == null ? "" : " (matches the manifest)"));
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
