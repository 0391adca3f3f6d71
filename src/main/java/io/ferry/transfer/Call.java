package io.ferry.transfer;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * Call is one chunk request in flight, watched while its body arrives. The JDK's read timeout only
 * notices a peer that sends nothing at all; a peer that trickles (a byte a second of a valid stream)
 * would keep a request, and so a delivery, alive forever. So every read of the body is checked here, on
 * the thread that reads:
 * <ul>
 * <li>a <b>floor</b>: in every {@link #WINDOW_MILLIS} window at least {@link #FLOOR_BYTES} must arrive
 *     (about 1.6 KB/s: far below any link a datacenter uses, far above a trickle);</li>
 * <li>a <b>deadline</b> that follows the bytes asked for and the peer's measured rate, when there is
 *     one: {@code grace + slack × bytes / rate}, so a peer that falls well behind what it has shown it
 *     can do loses the request and its work goes to other holders;</li>
 * <li>a <b>cancel</b> flag, set by the executor when every chunk of the request has arrived from another
 *     holder (the endgame asks the last chunks of a lagging peer of someone else too).</li>
 * </ul>
 * A check that fails throws from inside the read, so the request ends on its own thread and its
 * connection is closed, never reused. Time comes from the injected clock.
 */
public final class Call {
    /** The window of the floor. */
    static final long WINDOW_MILLIS = 10_000;
    /** The least a body must bring in every window. */
    static final long FLOOR_BYTES = 16 << 10;
    /** The time a request may take beyond what the peer's measured rate says. */
    private static final long GRACE_MILLIS = 5_000;
    /** How many times longer than the measured rate says a request may take. */
    private static final int SLACK = 4;
    /** An answer shorter than this says too little about the rate it came at. */
    static final long RATE_EVIDENCE_BYTES = 64 << 10;
    static final long RATE_EVIDENCE_MILLIS = 20;

    private final Clock clock;
    private final LongAdder wire;
    private final long started;
    private final long deadline;
    private final long asked;
    private volatile boolean cancelled;
    private volatile long received;
    private volatile long delivered;
    private long windowStart;
    private long windowBytes;
    private long firstByteAt = -1;
    private long lastByteAt;

    /**
     * @param asked     the chunk bytes asked for (before compression)
     * @param bytesPerMs the peer's measured rate in bytes per millisecond, applied to the chunk bytes asked
     *                  (the executor gives its wire rate: as if the chunks crossed uncompressed, the long
     *                  side); 0 when none is known yet (the floor alone applies)
     * @param wire      where the bytes that cross the wire are added up (per peer)
     */
    public Call(Clock clock, long asked, double bytesPerMs, LongAdder wire) {
        this.clock = clock;
        this.wire = wire;
        this.asked = asked;
        this.started = clock.millis();
        this.windowStart = started;
        this.deadline = bytesPerMs > 0 ? started + GRACE_MILLIS + (long) (SLACK * asked / bytesPerMs) : Long.MAX_VALUE;
    }

    /** Ends the request at its next read: what it was fetching has come from elsewhere. */
    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    public long startedMillis() {
        return started;
    }

    /**
     * Milliseconds from this request's start to its answer's first byte (connecting, asking, the peer
     * finding the first chunk: what a request costs beside its bytes); -1 when no byte came. Read after
     * the body ended.
     */
    public long firstByteMillis() {
        return firstByteAt < 0 ? -1 : firstByteAt - started;
    }

    /** Chunk bytes this request has handed on so far. */
    public long delivered() {
        return delivered;
    }

    /** Counts chunk bytes handed on (by the executor's receiver). */
    public void delivered(int bytes) {
        delivered += bytes;
    }

    /**
     * The rate the answer's bytes arrived at, in wire bytes per second from its first byte to its last; -1
     * when it was too short to say (under {@value #RATE_EVIDENCE_BYTES} bytes or {@value #RATE_EVIDENCE_MILLIS} ms).
     * Read after the body ends, on the thread that read it.
     */
    long arrivalRate() {
        long span = lastByteAt - firstByteAt;
        if (firstByteAt < 0 || received < RATE_EVIDENCE_BYTES || span < RATE_EVIDENCE_MILLIS) {
            return -1;
        }
        return received * 1000 / span;
    }

    /** The answer's headers came: the floor's first window starts now (waiting for them is the read timeout's). */
    void begin() {
        windowStart = clock.millis();
    }

    /** Called on the reading thread after every read of the body ({@code n} bytes, 0 at its end). */
    void read(int n) throws IOException {
        long now = clock.millis();
        if (n > 0) {
            wire.add(n);
            received += n;
            windowBytes += n;
            if (firstByteAt < 0) {
                firstByteAt = now;
            }
            lastByteAt = now;
        }
        if (cancelled) {
            throw new PeerException("no longer needed: its chunks came from another holder", PeerException.Kind.CANCELLED, null);
        }
        if (now > deadline) {
            throw new PeerException("too slow: " + received + " bytes in " + (now - started) + " ms of a request for "
                    + asked + " bytes of chunks, well behind the rate it showed before", PeerException.Kind.LAGGING, null);
        }
        if (now - windowStart >= WINDOW_MILLIS) {
            if (windowBytes < FLOOR_BYTES) {
                throw new PeerException("too slow: " + windowBytes + " bytes in the last " + (now - windowStart)
                        + " ms (at least " + FLOOR_BYTES + " are expected)", PeerException.Kind.SLOW, null);
            }
            windowStart = now;
            windowBytes = 0;
        }
    }
}
