package io.ferry.transfer;

import java.util.regex.Pattern;

/**
 * Addresses checks that an address a peer gave is {@code host:port} and nothing else — a host name, an
 * IPv4 literal or a bracketed IPv6 literal, and a port in 1-65535 — before it is put into a URL, so
 * that no peer can choose a path, a query, credentials or a scheme for this node's requests.
 */
public final class Addresses {
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]{2,45}\\]");

    private Addresses() {
    }

    /** Returns {@code address} when it is a host:port; IllegalArgumentException otherwise. */
    public static String check(String address) {
        if (address == null || address.length() > 260) {
            throw new IllegalArgumentException("not a host:port address");
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || !HOST.matcher(address.substring(0, colon)).matches()) {
            throw new IllegalArgumentException("not a host:port address: " + Offenders.printable(address));
        }
        String port = address.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
                || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("not a host:port address: " + Offenders.printable(address));
        }
        return address;
    }

    public static boolean valid(String address) {
        try {
            check(address);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
