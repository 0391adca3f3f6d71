package io.ferry.transfer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * AdaptiveLevel picks the zstd level of each response a node streams to a peer, between a least and
 * a greatest level, from how the previous responses to that peer went. While the compressor mostly
 * waits for the link (the connection is full, or the upload limit holds it back), CPU is spare and
 * bytes are dear: the level goes up. While it hardly waits, compression sets the pace: the level comes
 * down. This is zstd's own {@code --adapt} idea, applied per response: on a 100 Mbit/s link the
 * level settles where compression just keeps the link full, on loopback at the least level.
 *
 * <p>Waiting can also mean a receiver that is short of CPU and reads slowly. If this machine's CPUs
 * are busy too (several nodes on one box, as in the benchmark's swarm, or a node that also runs
 * VMs), a higher level would only slow everyone down, so the level rises only while the machine's
 * CPU load is below {@link #BUSY} and falls while it is above. Thread-safe; one state per peer host.
 */
public final class AdaptiveLevel {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AdaptiveLevel.class);
    /** Responses smaller than this say too little about the link to move the level. */
    private static final long MIN_EVIDENCE = 128 << 10;

    /** The machine's CPU load (0 to 1) above which compression is not made dearer. */
    static final double BUSY = 0.75;

    private final int least;
    private final int greatest;
    private final DoubleSupplier cpuLoad;
    private final java.util.function.LongSupplier nanos;
    private final Map<String, Integer> levels = new ConcurrentHashMap<>();

    public AdaptiveLevel(int least, int greatest) {
        this(least, greatest, AdaptiveLevel::machineLoad, System::nanoTime);
    }

    /**
     * @param cpuLoad the machine's recent CPU load, 0 to 1 (negative: unknown, taken as idle)
     * @param nanos   the clock responses are timed by
     */
    AdaptiveLevel(int least, int greatest, DoubleSupplier cpuLoad, java.util.function.LongSupplier nanos) {
        if (least < 1 || greatest > 19 || least > greatest) {
            throw new IllegalArgumentException("zstd levels must satisfy 1 <= least <= greatest <= 19, got "
                    + least + "-" + greatest);
        }
        this.least = least;
        this.greatest = greatest;
        this.cpuLoad = cpuLoad;
        this.nanos = nanos;
    }

    private static double machineLoad() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getCpuLoad() : -1;
    }

    /** The level for the next response to {@code peer}. */
    public int level(String peer) {
        return levels.getOrDefault(peer, least);
    }

    /** Wraps the stream a response's compressed bytes go to, to time how long writing them waits. */
    public Timed timed(OutputStream out) {
        return new Timed(out, nanos);
    }

    /** The time now, by this level's clock: what a response's total time is measured with. */
    public long now() {
        return nanos.getAsLong();
    }

    /** Records how a response of {@code totalNanos} that went through {@code t} fared (no word from the peer). */
    public void record(String peer, Timed t, long totalNanos) {
        record(peer, t, totalNanos, -1);
    }

    /**
     * Records how a response of {@code totalNanos} that went through {@code t} fared, given the rate
     * ({@code arrival}, wire bytes/s; -1: unknown) at which the peer says the previous one reached it.
     *
     * <p>The peer's word is what tells a link that holds bytes back from a compressor that does: a
     * socket buffer of several MiB swallows a whole response at once, so the sender hardly waits even when
     * the link is what limits it. This node knows how fast it produced compressed bytes (its time on the
     * response less its waiting); when it could produce them more than twice as fast as they arrived,
     * CPU is spare and bytes are dear: the level goes up. When it produced them barely faster (under
     * 1.25 times), compression is what sets the pace: down. Without the peer's word (a node of the
     * previous version), the share of time spent waiting decides, as before.
     */
    public void record(String peer, Timed t, long totalNanos, long arrival) {
        if (least == greatest || t.bytes < MIN_EVIDENCE || totalNanos <= 0) {
            return;
        }
        double waiting = (double) t.waitNanos / totalNanos;
        double produced = t.bytes * 1e9 / Math.max(1, totalNanos - t.waitNanos);
        double load = cpuLoad.getAsDouble();
        log.debug("{}: produced {} B/s, arrival {} B/s, waiting {}, machine load {}", peer, (long) produced, arrival,
                waiting, load);
        levels.compute(peer, (p, now) -> {
            int level = now == null ? least : now;
            if (load > BUSY) {
                level -= 1;
            } else if (arrival > 0) {
                if (produced > 2 * arrival) {
                    level += 1;
                } else if (produced < 1.25 * arrival) {
                    level -= 1;
                }
            } else if (waiting > 0.8) {
                level += 2;
            } else if (waiting > 0.5) {
                level += 1;
            } else if (waiting < 0.15) {
                level -= 1;
            }
            return Math.max(least, Math.min(greatest, level));
        });
    }

    /** Counts the bytes written through it and the time spent inside the writes. */
    public static final class Timed extends FilterOutputStream {
        private final java.util.function.LongSupplier nanos;
        private long bytes;
        private long waitNanos;

        Timed(OutputStream out, java.util.function.LongSupplier nanos) {
            super(out);
            this.nanos = nanos;
        }

        public long waitNanos() {
            return waitNanos;
        }

        /** The bytes written through it. */
        public long bytes() {
            return bytes;
        }

        @Override
        public void write(int b) throws IOException {
            long t0 = nanos.getAsLong();
            out.write(b);
            waitNanos += nanos.getAsLong() - t0;
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long t0 = nanos.getAsLong();
            out.write(b, off, len);
            waitNanos += nanos.getAsLong() - t0;
            bytes += len;
        }

        @Override
        public void flush() throws IOException {
            long t0 = nanos.getAsLong();
            out.flush();
            waitNanos += nanos.getAsLong() - t0;
        }
    }
}
