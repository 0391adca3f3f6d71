package io.ferry.cli;

import io.ferry.api.FerryApi;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A verb that asks the node for one result and prints it: as the result record's JSON with
 * {@code --json} (the same object the node sends over the wire), else for people.
 */
abstract class ResultVerb<T> implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    /** Asks the node. */
    abstract T ask(FerryApi api) throws Exception;

    /** Prints the result for people; returns the exit status. */
    abstract int print(PrintWriter out, T result);

    /** The exit status when the result is printed as JSON. */
    int status(T result) {
        return 0;
    }

    @Override
    public Integer call() throws Exception {
        T result;
        try (FerryApi api = ferry.api()) {
            result = ask(api);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Out.json(out, result);
            return status(result);
        }
        int status = print(out, result);
        out.flush();
        return status;
    }
}
