package io.ferry.cli;

import io.ferry.api.GcResult;
import io.ferry.api.FerryApi;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry gc: drop cached chunks no image needs. */
@Command(name = "gc", mixinStandardHelpOptions = true, description = "Delete every cached chunk that no image on "
        + "this node needs, and every manifest that no image here or on a known peer refers to.")
final class GcCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GcResult r;
        try (FerryApi api = ferry.api()) {
            r = api.gc();
        }
        spec.commandLine().getOut().printf("removed %d chunks (%s) and %d manifests; the cache holds %d chunks (%s)%n",
                r.removedChunks(), Out.bytes(r.removedBytes()), r.removedManifests(), r.keptChunks(),
                Out.bytes(r.keptBytes()));
        return 0;
    }
}
