package io.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unprivileged runs ferry as the user {@code nobody} (with runuser; the suite runs as root), on a copy
 * of this test run's class path that nobody can read: for what only another local user shows.
 */
public final class Unprivileged {
    private Unprivileged() {
    }

    /** {@code ferry ARGS} as nobody; {@code tmp} is opened up so nobody can reach the copied classes. */
    public static FerryProcess.Exit ferry(Path tmp, String... args) throws IOException, InterruptedException {
        Path jars = Files.createDirectories(tmp.resolve("cp-nobody"));
        StringBuilder cp = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path src = Path.of(entry);
            Path copy = jars.resolve(cp.length() + "-" + src.getFileName());
            copyTree(src, copy);
            cp.append(cp.length() == 0 ? "" : java.io.File.pathSeparator).append(copy);
        }
        openUp(jars);
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "nobody", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + jars,
                "-cp", cp.toString(), "io.ferry.cli.Main"));
        cmd.addAll(List.of(args));
        return FerryProcess.run(new ProcessBuilder(cmd));
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        if (Files.isDirectory(src)) {
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path d = dst.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(d);
                    } else {
                        Files.copy(p, d);
                    }
                }
            }
        } else if (Files.exists(src)) {
            Files.copy(src, dst);
        }
    }

    /** Makes {@code root} and everything in it readable by all, and every directory above it passable. */
    public static void openUp(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                p.toFile().setReadable(true, false);
                p.toFile().setWritable(true, false);
                if (Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            }
        }
        for (Path p = root; p != null; p = p.getParent()) {
            p.toFile().setExecutable(true, false);
        }
    }
}
