package io.ferry.cli;

import io.ferry.api.DiffResult;
import io.ferry.api.FerryApi;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** ferry diff: what delivering B to a node that holds A would move. */
@Command(name = "diff", mixinStandardHelpOptions = true, description = "Compare image B to image A: bytes shared, bytes of B not in A "
        + "(what would move to a node holding A), and zero bytes (which never move).")
final class DiffCommand extends ResultVerb<DiffResult> {
    @Parameters(index = "0", paramLabel = "A")
    String a;
    @Parameters(index = "1", paramLabel = "B")
    String b;

    @Override
    DiffResult ask(FerryApi api) throws Exception {
        return api.diff(a, b);
    }

    @Override
    int print(PrintWriter out, DiffResult r) {
        out.printf("%s (%s) against %s:%n", r.b(), Out.bytes(r.sizeB()), r.a());
        out.printf("  shared with %-8s %12s  %6s%n", r.a() + ":", Out.bytes(r.sharedBytes()), Out.percent(r.sharedBytes(), r.sizeB()));
        out.printf("  zero (never moves): %12s  %6s%n", Out.bytes(r.zeroBytes()), Out.percent(r.zeroBytes(), r.sizeB()));
        out.printf("  repeated within %s:  %9s  %6s%n", r.b(), Out.bytes(r.repeatedBytes()), Out.percent(r.repeatedBytes(), r.sizeB()));
        out.printf("  new (would move):   %12s  %6s  in %d chunks%n", Out.bytes(r.uniqueBytes()),
                Out.percent(r.uniqueBytes(), r.sizeB()), r.uniqueChunks());
        return 0;
    }
}
