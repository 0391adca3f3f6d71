package io.ferry.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NodeProcess is a real {@code ferry node} in its own JVM on a free loopback port. Closing it sends
 * SIGTERM and waits for a clean exit (SIGKILL after 15 s); {@link #kill()} is SIGKILL at once.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("ferry node (\\S+) listening on (\\S+) ");

    private final Process process;
    private final String id;
    private final String address;
    private final Path data;
    private final String banner;

    private NodeProcess(Process process, String id, String address, Path data, String banner) {
        this.banner = banner;
        this.process = process;
        this.id = id;
        this.address = address;
        this.data = data;
    }

    /** Starts a node with id {@code id} on {@code data}, pulling tables from {@code peers}. */
    public static NodeProcess start(Path data, String id, List<String> peers, String... extra) throws IOException {
        return start(null, "127.0.0.1", data, id, peers, extra);
    }

    /**
     * Starts a node inside network namespace {@code netns} (null: this one), listening on {@code host}
     * (any free port), plaintext allowed there with {@code --insecure} when it is not loopback.
     */
    public static NodeProcess start(String netns, String host, Path data, String id, List<String> peers, String... extra)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "node", "--listen", host + ":0",
                "--id", id, "--poll-interval", "0.5"));
        if (!host.startsWith("127.")) {
            args.add("--insecure");
        }
        for (String p : peers) {
            args.add("--peer");
            args.add(p);
        }
        args.addAll(List.of(extra));
        ProcessBuilder pb = FerryProcess.builder("io.ferry.cli.Main", args.toArray(String[]::new));
        if (netns != null) {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns));
            cmd.addAll(pb.command());
            pb.command(cmd);
        }
        Process p = pb.redirectError(data.resolveSibling(id + ".stderr.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = line == null ? null : LISTENING.matcher(line);
        if (m == null || !m.find()) {
            p.destroyForcibly();
            throw new IOException("node " + id + " did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return new NodeProcess(p, m.group(1), m.group(2), data, line);
    }

    public String address() {
        return address;
    }

    /** The admin listener's address (--admin-listen), as the node printed it. */
    public String admin() {
        java.util.regex.Matcher m = Pattern.compile("; admin ([^)]+)\\)").matcher(banner);
        if (!m.find()) {
            throw new IllegalStateException("node " + id + " has no admin listener: " + banner);
        }
        return m.group(1);
    }

    public String id() {
        return id;
    }

    public Path data() {
        return data;
    }

    public Process process() {
        return process;
    }

    /** Runs {@code ferry --data DIR ARGS} in its own process: the CLI on the node's machine, over its socket. */
    public FerryProcess.Exit ferry(String... args) throws IOException, InterruptedException {
        String[] all = new String[args.length + 2];
        all[0] = "--data";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return FerryProcess.ferry(all);
    }

    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
