package io.ferry.cli;

import io.ferry.api.DiffResult;
import io.ferry.api.FerryApi;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry diff: what delivering B to a node that holds A would move. */
@Command(name = "diff", mixinStandardHelpOptions = true, description = "Compare image B to image A: bytes shared, bytes of B not in A "
        + "(what would move to a node holding A), and zero bytes (which never move).")
final class DiffCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A")
    String a;
    @Parameters(index = "1", paramLabel = "B")
    String b;

    @Option(names = "--json", description = "Print the comparison as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DiffResult d;
        try (FerryApi api = ferry.api()) {
            d = api.diff(a, b);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Out.json(out, d);
            return 0;
        }
        out.printf("%s (%s) against %s:%n", d.b(), Out.bytes(d.sizeB()), d.a());
        out.printf("  shared with %-8s %12s  %6s%n", d.a() + ":", Out.bytes(d.sharedBytes()), Out.percent(d.sharedBytes(), d.sizeB()));
        out.printf("  zero (never moves): %12s  %6s%n", Out.bytes(d.zeroBytes()), Out.percent(d.zeroBytes(), d.sizeB()));
        out.printf("  repeated within %s:  %9s  %6s%n", d.b(), Out.bytes(d.repeatedBytes()), Out.percent(d.repeatedBytes(), d.sizeB()));
        out.printf("  new (would move):   %12s  %6s  in %d chunks%n", Out.bytes(d.uniqueBytes()),
                Out.percent(d.uniqueBytes(), d.sizeB()), d.uniqueChunks());
        return 0;
    }
}
