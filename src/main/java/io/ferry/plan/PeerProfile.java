package io.ferry.plan;

import io.ferry.catalog.PeerHistory;
import io.ferry.trust.NodeId;
import java.util.Locale;

/**
 * PeerProfile is what a plan knows of one peer: its id and where it serves, its site (from its
 * certificate; null when unknown) and whether that is another site than this node's, what the operator
 * configured of it ({@code --peer HOST:PORT,bw=..,priority=..}: a rate in bits per second, null when not
 * given), and what this node measured of it over earlier deliveries.
 */
public record PeerProfile(NodeId node, String address, String site, boolean remote, Priority priority,
                          Long bitsPerSecond, PeerHistory history) {
    /**
     * The rate assumed of a peer nobody configured or measured: 100 Mbit/s. Every such peer looks alike,
     * so the first schedule splits their chunks evenly; the first requests measure them and the plan
     * follows (see {@link #model}).
     */
    public static final double DEFAULT_BYTES_PER_SECOND = 100e6 / 8;
    /** A request's cost beyond its bytes until measured: a LAN round trip and a disk read (5 ms). */
    static final double DEFAULT_REQUEST_SECONDS = 0.005;
    /** One more separate range read on a peer's disk: about a seek on a busy disk. */
    static final double RUN_SECONDS = 0.0005;

    public PeerProfile {
        if (node == null || address == null || priority == null || history == null) {
            throw new IllegalArgumentException("a peer needs an id, an address, a priority and a history");
        }
    }

    /** A peer known by id and address alone: normal priority, nothing configured or measured. */
    public PeerProfile(NodeId node, String address) {
        this(node, address, null, false, Priority.NORMAL, null, PeerHistory.NONE);
    }

    /** Whether it may be asked at all: not a never-source, and it never sent corrupt bytes. */
    public boolean usable() {
        return priority != Priority.NEVER && !history.lied();
    }

    /**
     * What the scheduler assumes of this peer: the rate measured in this delivery ({@code measuredNow} bytes
     * per second, 0 when none yet), else over earlier ones, else the configured one, else the default; a
     * peer that ever sent corrupt bytes is never planned.
     */
    public PeerModel model(double measuredNow) {
        double rate = rate(measuredNow);
        double request = history.measured() && history.latencySeconds() > 0 ? history.latencySeconds() : DEFAULT_REQUEST_SECONDS;
        Priority p = history.lied() ? Priority.NEVER : priority;
        return new PeerModel(node, rate, request, RUN_SECONDS, p, remote, basis(measuredNow));
    }

    /** The rate {@link #model} assumes, in bytes per second (without the reason, which costs a format). */
    double rate(double measuredNow) {
        return measuredNow > 0 ? measuredNow : history.measured() ? history.bytesPerSecond()
                : bitsPerSecond != null ? bitsPerSecond / 8.0 : DEFAULT_BYTES_PER_SECOND;
    }

    /**
     * Why the plan believes what it does, e.g. "rack1, 100 Mbit/s configured, 92 Mbit/s measured over 14
     * deliveries, 3 ms to a first byte".
     */
    private String basis(double measuredNow) {
        StringBuilder b = new StringBuilder();
        if (site != null) {
            b.append(site).append(remote ? " (another site)" : "").append(", ");
        }
        if (priority != Priority.NORMAL) {
            b.append(priority.word()).append(", ");
        }
        if (bitsPerSecond != null) {
            b.append(String.format(Locale.ROOT, "%.0f Mbit/s configured, ", bitsPerSecond / 1e6));
        }
        if (measuredNow > 0) {
            b.append(String.format(Locale.ROOT, "%.0f Mbit/s measured now, ", measuredNow * 8 / 1e6));
        }
        b.append(history.describe());
        if (!history.measured() && bitsPerSecond == null && measuredNow <= 0) {
            b.append(String.format(Locale.ROOT, " (assumed %.0f Mbit/s)", DEFAULT_BYTES_PER_SECOND * 8 / 1e6));
        }
        return b.toString();
    }
}
