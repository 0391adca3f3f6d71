package io.ferry.cli;

import picocli.CommandLine;

/** Main runs the {@code ferry} command and exits with its status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(FerryCommand.commandLine().execute(args));
    }
}
