package io.ferry.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** Main runs the {@code ferry} command and exits with its status. */
public final class Main {
    /** Every verb's name, in the order {@code ferry --help} lists them. */
    static final List<String> VERBS = List.of("import", "ls", "inspect", "get", "diff", "verify", "rm", "gc", "table",
            "peers", "plan", "node", "demo", "ca");

    /** The options of {@code ferry} itself that take a value: their value is never the verb. */
    private static final List<String> VALUED = List.of("--data", "--cache-max", "--node", "--tls", "--timeout");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every verb, for help and for tests. */
    static CommandLine commandLine() {
        return commandLine(VERBS);
    }

    /**
     * The command line for {@code args}: with only the verb they name when they name one, since building a
     * verb's picocli model costs start-up time every command pays (a few ms each, a tenth of a second for
     * all); with none for {@code --version}; with every verb otherwise, so that usage, help and a misspelt
     * verb read as they always do.
     */
    static CommandLine commandLine(String[] args) {
        String verb = verb(args);
        if (verb != null) {
            return commandLine(List.of(verb));
        }
        List<String> words = List.of(args);
        boolean versionOnly = (words.contains("--version") || words.contains("-V"))
                && !words.contains("--help") && !words.contains("-h");
        return commandLine(versionOnly ? List.of() : VERBS);
    }

    /** The verb {@code args} name (the first word that is neither an option nor an option's value), or null. */
    static String verb(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (VALUED.contains(a)) {
                i++;
            } else if (a.equals("--")) {
                return null;
            } else if (!a.startsWith("-")) {
                return VERBS.contains(a) ? a : null;
            }
        }
        return null;
    }

    private static CommandLine commandLine(List<String> verbs) {
        CommandLine cl = new CommandLine(new FerryCommand());
        for (String name : verbs) {
            if (name.equals("ca")) {
                CaCommand.attach(cl);
            } else {
                cl.addSubcommand(newVerb(name));
            }
        }
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

    // A switch rather than a map of constructors: nothing of a verb is loaded until it is asked for.
    private static Object newVerb(String name) {
        return switch (name) {
            case "import" -> new ImportCommand();
            case "ls" -> new LsCommand();
            case "inspect" -> new InspectCommand();
            case "get" -> new GetCommand();
            case "diff" -> new DiffCommand();
            case "verify" -> new VerifyCommand();
            case "rm" -> new RmCommand();
            case "gc" -> new GcCommand();
            case "table" -> new TableCommand();
            case "peers" -> new PeersCommand();
            case "plan" -> new PlanCommand();
            case "node" -> new NodeCommand();
            case "demo" -> new DemoCommand();
            default -> throw new IllegalArgumentException("no verb " + name);
        };
    }
}
