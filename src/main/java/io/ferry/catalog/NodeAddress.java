package io.ferry.catalog;

/**
 * NodeAddress is the payload of an {@code address} fact: where its origin serves, as a
 * {@link PeerAddress}. It is the head of a node's table entry: its version is the entry's version.
 *
 * <p>Encoding: {@code u16 length, UTF-8 host:port}. Only the canonical spelling the parser accepts
 * decodes; nothing may follow it.
 */
public record NodeAddress(PeerAddress address) {
    public static final String KIND = "address";
    private static final int MAX = 300;

    public NodeAddress {
        if (address == null) {
            throw new IllegalArgumentException("an address fact needs an address");
        }
    }

    public static NodeAddress of(String hostPort) {
        return new NodeAddress(PeerAddress.parse(hostPort));
    }

    public byte[] encode() {
        return new FactWriter().string(address.toString()).toBytes();
    }

    public static NodeAddress decode(byte[] payload) throws FactFormatException {
        FactReader r = new FactReader(payload, "an address fact");
        String s = r.string(MAX);
        r.end();
        PeerAddress a;
        try {
            a = PeerAddress.parse(s);
        } catch (IllegalArgumentException e) {
            throw r.invalid(e.getMessage());
        }
        if (!a.toString().equals(s)) {
            throw r.invalid("'" + s + "' is not written canonically");
        }
        return new NodeAddress(a);
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
