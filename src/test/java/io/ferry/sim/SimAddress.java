package io.ferry.sim;

/** A simulated node's address, 10.x.y.z:7420 from its index, and back: how a simulated wire finds its target. */
final class SimAddress {
    private SimAddress() {
    }

    static String of(int index) {
        return "10." + (index >> 16 & 255) + "." + (index >> 8 & 255) + "." + (index & 255) + ":7420";
    }

    static int index(String address) {
        String[] p = address.substring(0, address.indexOf(':')).split("\\.");
        return Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]);
    }
}
