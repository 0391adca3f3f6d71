package io.ferry.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Main runs the {@code ferry} command and exits with its status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, with Ferry's one-line error reporting. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FerryCommand());
        for (Object verb : new Object[] {new ImportCommand(), new LsCommand(), new InspectCommand(), new GetCommand(),
                new DiffCommand(), new VerifyCommand(), new RmCommand(), new GcCommand(), new TableCommand(),
                new PeersCommand(), new NodeCommand(), new DemoCommand()}) {
            cl.addSubcommand(verb);
        }
        CaCommand.attach(cl);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("ferry: " + Errors.describe(e));
            if (System.getenv("FERRY_DEBUG") != null) {
                e.printStackTrace(line.getErr());
            }
            return e instanceof UsageException ? FerryCommand.EXIT_USAGE : FerryCommand.EXIT_FAILURE;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine sub = e.getCommandLine();
            PrintWriter err = sub.getErr();
            err.println("ferry: " + e.getMessage() + " (see '" + sub.getCommandSpec().qualifiedName() + " --help')");
            return FerryCommand.EXIT_USAGE;
        });
        return cl;
    }
}
