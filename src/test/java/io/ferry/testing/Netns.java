package io.ferry.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Netns is a test's own network: a hub namespace with a bridge, and hosts, each a namespace of its own
 * with one interface, eth0, whose other end ({@code v-NAME}) sits on the bridge. Names carry a random
 * prefix and addresses a random /24, so tests side by side do not meet; {@link #close} deletes every
 * namespace (and with them every link). Needs root.
 */
public final class Netns implements AutoCloseable {
    /** A host: its namespace and its address. */
    public record Host(String ns, String ip) {
    }

    private final String prefix;
    private final String net;
    private final List<String> namespaces = new ArrayList<>();
    private int last = 1;

    private Netns(String tag) {
        this.prefix = tag + ThreadLocalRandom.current().nextInt(10_000, 99_999) + "-";
        this.net = "10." + ThreadLocalRandom.current().nextInt(70, 90) + "." + ThreadLocalRandom.current().nextInt(1, 250) + ".";
    }

    /** A new network with its hub; {@code tag} (two letters) starts its namespaces' names. */
    public static Netns hub(String tag) throws IOException, InterruptedException {
        Netns n = new Netns(tag);
        sh("ip", "netns", "add", n.hubNs());
        n.namespaces.add(n.hubNs());
        sh("ip", "-n", n.hubNs(), "link", "add", "br0", "type", "bridge");
        sh("ip", "-n", n.hubNs(), "link", "set", "br0", "up");
        return n;
    }

    public String hubNs() {
        return prefix + "hub";
    }

    /** The namespace of host {@code name}. */
    public String ns(String name) {
        return prefix + name;
    }

    /** Adds host {@code name} on the hub, at the next address. */
    public Host host(String name) throws IOException, InterruptedException {
        String ns = ns(name);
        String ip = net + (++last);
        sh("ip", "netns", "add", ns);
        namespaces.add(ns);
        sh("ip", "-n", hubNs(), "link", "add", "v-" + name, "type", "veth", "peer", "name", "eth0", "netns", ns);
        sh("ip", "-n", hubNs(), "link", "set", "v-" + name, "master", "br0", "up");
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        sh("ip", "-n", ns, "addr", "add", ip + "/24", "dev", "eth0");
        sh("ip", "-n", ns, "link", "set", "eth0", "up");
        return new Host(ns, ip);
    }

    /** Takes host {@code name}'s link down (false) or up (true), at the hub's end. */
    public void link(String name, boolean up) throws IOException, InterruptedException {
        sh("ip", "-n", hubNs(), "link", "set", "v-" + name, up ? "up" : "down");
    }

    /** Runs a command to its end; an IOException with its output when it fails. */
    public static String sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (String ns : namespaces) {
            sh("ip", "netns", "del", ns);
        }
    }
}
