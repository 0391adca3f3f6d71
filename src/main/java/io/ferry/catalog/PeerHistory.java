package io.ferry.catalog;

/**
 * PeerHistory is what this node has measured of one peer over past deliveries: moving averages of the
 * rate its bytes arrived at and of a request's latency, how many deliveries they cover, and the errors
 * and corruptions it caused. Immutable; each observation returns the next history. Pure: no clock (the
 * caller measures).
 *
 * <p>The averages are exponentially weighted (a weight of 1/4 for the newest delivery), so a peer whose
 * link changed is believed within a few deliveries, and one slow delivery does not outweigh a dozen. A
 * peer that sent a chunk whose bytes did not match its name has lied: it is {@link #lied()} from then on
 * and the planner does not use it (a corrupt disk and a lying peer look alike from here; both are avoided).
 */
public record PeerHistory(double bytesPerSecond, double latencySeconds, int deliveries, int errors, int corruptions) {
    /** The weight of the newest delivery in the moving averages. */
    static final double WEIGHT = 0.25;
    public static final PeerHistory NONE = new PeerHistory(0, 0, 0, 0, 0);

    public PeerHistory {
        if (bytesPerSecond < 0 || latencySeconds < 0 || deliveries < 0 || errors < 0 || corruptions < 0) {
            throw new IllegalArgumentException("a history of negative measurements");
        }
    }

    /** After a delivery that had {@code bytes} from this peer in {@code seconds} of transfer, requests taking {@code latency}. */
    public PeerHistory delivered(long bytes, double seconds, double latency) {
        if (bytes <= 0 || !(seconds > 0)) {
            return this; // nothing measured
        }
        double rate = bytes / seconds;
        if (deliveries == 0) {
            return new PeerHistory(rate, latency, 1, errors, corruptions);
        }
        return new PeerHistory(bytesPerSecond + WEIGHT * (rate - bytesPerSecond),
                latencySeconds + WEIGHT * (latency - latencySeconds), deliveries + 1, errors, corruptions);
    }

    /** After a request that failed (refused, broke off, timed out). */
    public PeerHistory failed() {
        return new PeerHistory(bytesPerSecond, latencySeconds, deliveries, errors + 1, corruptions);
    }

    /** After a chunk whose bytes did not match its name. */
    public PeerHistory corrupted() {
        return new PeerHistory(bytesPerSecond, latencySeconds, deliveries, errors, corruptions + 1);
    }

    public boolean measured() {
        return deliveries > 0;
    }

    public boolean lied() {
        return corruptions > 0;
    }

    /**
     * Why the planner believes what it does of this peer, e.g. "92 Mbit/s measured over 14 deliveries, 3 ms
     * to a first byte".
     */
    public String describe() {
        if (!measured()) {
            return "not measured yet";
        }
        return String.format(java.util.Locale.ROOT, "%.0f Mbit/s measured over %d %s", bytesPerSecond * 8 / 1e6,
                deliveries, deliveries == 1 ? "delivery" : "deliveries")
                + (latencySeconds > 0
                        ? String.format(java.util.Locale.ROOT, ", %.0f ms to a first byte", latencySeconds * 1000) : "")
                + (errors > 0 ? ", " + errors + (errors == 1 ? " error" : " errors") : "")
                + (lied() ? ", sent corrupt chunks" : "");
    }
}
