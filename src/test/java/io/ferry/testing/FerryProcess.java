package io.ferry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** FerryProcess starts a real JVM on this test run's class path: ferry itself, or a test helper. */
public final class FerryProcess {
    private FerryProcess() {
    }

    public static ProcessBuilder builder(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    public record Exit(int code, String out, String err) {
    }

    /** Runs {@code ferry ARGS} in its own process and waits (at most a minute) for it. */
    public static Exit ferry(String... args) throws IOException, InterruptedException {
        return run(builder("io.ferry.cli.Main", args));
    }

    public static Exit run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ferry did not finish in a minute");
            }
            return new Exit(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
