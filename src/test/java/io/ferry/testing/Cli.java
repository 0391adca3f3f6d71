package io.ferry.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import picocli.CommandLine;

/** Cli runs the ferry command line in this JVM and captures what it prints. */
public final class Cli {
    private Cli() {
    }

    public record Result(int exit, String out, String err) {
        public String errLine() {
            return err.strip();
        }
    }

    /** Runs {@code ferry --data DATA ARGS}. */
    public static Result on(java.nio.file.Path data, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(all);
    }

    public static Result run(String... args) {
        CommandLine cl = commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private static CommandLine commandLine() {
        try {
            Method m = Class.forName("io.ferry.cli.Main").getDeclaredMethod("commandLine");
            m.setAccessible(true);
            return (CommandLine) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
