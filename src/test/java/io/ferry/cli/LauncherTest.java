package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/ferry, run as users run it: it makes its start-up files (the class-data sharing archive) once for a
 * jar, uses them while they match, runs quietly and correctly without them or with ones made for another
 * jar, and keeps the full JIT for the long-running node. Each test runs the script from a copy of the
 * project made of this build's classes and libraries, so that it never starts Maven.
 */
class LauncherTest {
    @TempDir
    static Path tmp;
    static Path root;

    @BeforeAll
    static void project() throws IOException {
        root = tmp.resolve("project");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("bin", "ferry"), root.resolve("bin/ferry"));
        root.resolve("bin/ferry").toFile().setExecutable(true);
        jar(root.resolve("target"));
    }

    /** target/ferry.jar: this build's classes, and its libraries in target/lib named by the manifest. */
    static void jar(Path target) throws IOException {
        Path lib = Files.createDirectories(target.resolve("lib"));
        Path classes = null;
        List<String> libs = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p) && p.endsWith("classes")) {
                classes = p;
            } else if (entry.endsWith(".jar")) {
                Path copy = lib.resolve(libs.size() + "-" + p.getFileName());
                Files.copy(p, copy);
                libs.add("lib/" + copy.getFileName());
            }
        }
        assertThat(classes).as("target/classes on the class path").isNotNull();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", libs));
        Path from = classes;
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target.resolve("ferry.jar")), m);
             Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(from.relativize(f).toString()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run ferry(Path project, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(project.resolve("bin/ferry").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p));
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("bin/ferry finished").isTrue();
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err.get(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static byte[] readAll(Process p) {
        try {
            return p.getErrorStream().readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void assertQuietLs(Path project, Map<String, String> env) throws Exception {
        Run ls = ferry(project, env, "--data", tmp.resolve("data-" + System.nanoTime()).toString(), "ls");
        assertThat(ls.err()).isEmpty();
        assertThat(ls.exit()).isZero();
        assertThat(ls.out()).isEqualTo("no images (ferry import FILE adds one)\n");
    }

    /** No process left behind by the training runs (they run a node on the project's temporary data). */
    static void assertNothingLeftRunning(Path project) {
        assertThat(ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("")
                .contains(project.toString())).map(h -> h.info().commandLine().orElse(""))).isEmpty();
    }

    @Test
    void firstRun_makesTheArchive_printsOnlyWhatTheVerbPrints() throws Exception {
        Run version = ferry(root, Map.of(), "--version");
        assertThat(version.err()).isEmpty();
        assertThat(version.out()).isEqualTo("ferry 0.1.0\n");
        assertThat(root.resolve("target/ferry.jsa")).isNotEmptyFile();
        assertNothingLeftRunning(root);
        // -Xshare:on makes the JVM fail rather than run without the archive: it maps for this jar
        assertQuietLs(root, Map.of("FERRY_JAVA_OPTS", "-Xshare:on"));
    }

    @Test
    void archiveOfAnotherJar_orNone_runsQuietly_andANewJarGetsANewArchive() throws Exception {
        Path other = tmp.resolve("other");
        Files.createDirectories(other.resolve("bin"));
        Files.copy(root.resolve("bin/ferry"), other.resolve("bin/ferry"));
        other.resolve("bin/ferry").toFile().setExecutable(true);
        jar(other.resolve("target"));
        assertQuietLs(other, Map.of()); // no archive yet: this run makes it
        Path jsa = other.resolve("target/ferry.jsa");
        assertThat(jsa).isNotEmptyFile();

        // An archive that is not one, which bin/ferry believes current: the JVM must ignore it silently.
        Files.delete(jsa);
        Files.write(jsa, "not an archive".getBytes(StandardCharsets.UTF_8));
        assertQuietLs(other, Map.of());
        // None at all, as after a dump that failed.
        Files.delete(jsa);
        assertQuietLs(other, Map.of());

        // A rebuilt jar: the archive is stale; the next run makes one for the new jar, quietly.
        Path jar = other.resolve("target/ferry.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        assertQuietLs(other, Map.of());
        assertThat(jsa).isNotEmptyFile();
        assertQuietLs(other, Map.of("FERRY_JAVA_OPTS", "-Xshare:on"));
        assertNothingLeftRunning(other);
    }

    @Test
    void shortVerbsUseTheClientCompiler_theNodeKeepsTheFullJit() throws Exception {
        Map<String, String> flags = Map.of("FERRY_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Run version = ferry(root, flags, "--version");
        assertThat(version.out().lines().findFirst().orElseThrow()).contains("-XX:TieredStopAtLevel=1")
                .contains("-XX:+UseSerialGC");

        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/ferry").toString(), "--data",
                tmp.resolve("node-data").toString(), "node", "--listen", "127.0.0.1:0");
        pb.environment().putAll(flags);
        pb.redirectErrorStream(true);
        Process node = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String flagLine = out.readLine();
            assertThat(flagLine).contains("-XX:+PrintCommandLineFlags").doesNotContain("TieredStopAtLevel")
                    .doesNotContain("UseSerialGC");
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.contains("listening"));
            assertThat(line).as("the node started").isNotNull();
        } finally {
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }
}
