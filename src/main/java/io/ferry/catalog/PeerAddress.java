package io.ferry.catalog;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * PeerAddress is where a node serves: {@code host:port} and nothing else, where host is a DNS name
 * (letters, digits and inner hyphens per label), a dotted IPv4 address or an IPv6 literal in brackets,
 * and port is 1-65535 in plain decimal. Addresses end up in URLs ({@code http://ADDRESS/path}), so
 * anything that could carry a path, query, fragment, user info or a second host is refused here,
 * before an address is stored or used.
 *
 * @param host the host as written (an IPv6 literal without its brackets)
 */
public record PeerAddress(String host, int port) {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4_PART = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

    public PeerAddress {
        if (host == null || !validHost(host)) {
            throw new IllegalArgumentException("not a host name or IP address: '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a port is 1-65535, got " + port);
        }
    }

    /** Parses {@code host:port} or {@code [ipv6]:port}; IllegalArgumentException for anything else. */
    public static PeerAddress parse(String s) {
        if (s == null || s.length() > 300) {
            throw new IllegalArgumentException("not a HOST:PORT address: '" + s + "'");
        }
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? "" : s.substring(0, colon);
        String port = colon < 0 ? "" : s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
            host = host.substring(1, host.length() - 1);
            if (!host.contains(":")) {
                throw new IllegalArgumentException("not a HOST:PORT address: '" + s + "' (brackets hold an IPv6 address)");
            }
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("not a HOST:PORT address: '" + s + "' (an IPv6 address goes in brackets)");
        }
        if (!PORT.matcher(port).matches() || !validHost(host)) {
            throw new IllegalArgumentException("not a HOST:PORT address: '" + s + "'");
        }
        return new PeerAddress(host, Integer.parseInt(port));
    }

    /** {@code s} if it is a valid address; IllegalArgumentException otherwise. */
    public static String check(String s) {
        parse(s);
        return s;
    }

    private static boolean validHost(String h) {
        if (h.contains(":")) {
            return ipv6(h);
        }
        if (h.isEmpty() || h.length() > 253) {
            return false;
        }
        String[] labels = h.split("\\.", -1);
        boolean numeric = true;
        for (String l : labels) {
            if (!LABEL.matcher(l).matches()) {
                return false;
            }
            numeric &= l.chars().allMatch(c -> c >= '0' && c <= '9');
        }
        // all-digit labels are an IPv4 address or nothing: "1.2.3" and "300.1.1.1" are refused
        return !numeric || ipv4(labels);
    }

    private static boolean ipv4(String[] parts) {
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!IPV4_PART.matcher(p).matches() || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean ipv6(String h) {
        if (!IPV6.matcher(h).matches()) {
            return false; // no zone ids, no brackets inside: only what a literal consists of
        }
        try {
            // a bracketed literal is parsed, never looked up
            return InetAddress.getByName("[" + h + "]") instanceof Inet6Address;
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
