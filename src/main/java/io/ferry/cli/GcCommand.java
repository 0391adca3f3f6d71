package io.ferry.cli;

import io.ferry.api.GcResult;
import io.ferry.api.FerryApi;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** ferry gc: drop cached chunks no image needs. */
@Command(name = "gc", mixinStandardHelpOptions = true, description = "Delete every cached chunk that no image on "
        + "this node needs, and every manifest that no image here or on a known peer refers to.")
final class GcCommand extends ResultVerb<GcResult> {

    @Override
    GcResult ask(FerryApi api) throws Exception {
        return api.gc();
    }

    @Override
    int print(PrintWriter out, GcResult r) {
        out.printf("removed %d chunks (%s) and %d manifests; the cache holds %d chunks (%s)%n",
                r.removedChunks(), Out.bytes(r.removedBytes()), r.removedManifests(), r.keptChunks(),
                Out.bytes(r.keptBytes()));
        return 0;
    }
}
