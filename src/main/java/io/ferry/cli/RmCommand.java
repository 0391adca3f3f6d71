package io.ferry.cli;

import io.ferry.api.FerryApi;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry rm: forget an image. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Forget an image. Its cached chunks stay for reuse until gc or the cache bound "
        + "removes them; a seed file is never touched.")
final class RmCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
        try (FerryApi api = ferry.api()) {
            api.remove(name);
        }
        spec.commandLine().getOut().printf("removed image %s%n", name);
        return 0;
    }
}
