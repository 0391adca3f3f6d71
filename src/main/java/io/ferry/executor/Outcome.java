package io.ferry.executor;

import io.ferry.transfer.LocalFailure;
import io.ferry.transfer.PeerException;

/**
 * Outcome is what one request to a peer came to, and so what happens next: the one place failures are
 * told apart.
 */
public enum Outcome {
    /** Every chunk arrived and was verified (a batch may still have left out chunks the peer lacks). */
    DONE,
    /** The peer does not have what it advertised: those chunks are asked of others; the peer stays. */
    MISSING,
    /** The peer sent bytes that do not match their name: it is dropped for this delivery. */
    CORRUPT,
    /** The peer refused: it is not asked again in this delivery, and it is not counted as failed. */
    FORBIDDEN,
    /**
     * Unreachable or broke off: its work goes to others and it is left out for a pause, then asked again,
     * a few times (a node that restarts comes back within seconds); then it is dropped for this delivery.
     */
    TRANSIENT,
    /**
     * Busy (503): its work goes to others and it is asked again after a pause, from half a second doubling
     * to 8 s, with jitter (so a crowd that found one seed busy does not come back at once), as often as it
     * takes up to a limit: a busy peer is not a failing one. Not counted against its history.
     */
    BUSY,
    /** Below the rate floor (a trickle): its work goes to others and it is dropped for this delivery. */
    SLOW,
    /**
     * Far behind the rate it showed before: this request's chunks go back to be asked of others, the rate it
     * showed is believed (so the schedule gives it less), and it stays: a link that slows is not a failure.
     */
    LAGGING,
    /** This node's own trouble (a full disk): the delivery stops, and no peer is blamed. */
    LOCAL,
    /** This node ended the request: its chunks came from another peer first. Nobody's failure. */
    CANCELLED;

    /** The outcome of a request that threw {@code t}. */
    public static Outcome of(Throwable t) {
        if (t instanceof LocalFailure) {
            return LOCAL;
        }
        if (t instanceof PeerException p) {
            return switch (p.kind()) {
                case MISSING -> MISSING;
                case CORRUPT -> CORRUPT;
                case FORBIDDEN -> FORBIDDEN;
                case TRANSIENT -> TRANSIENT;
                case BUSY -> BUSY;
                case SLOW -> SLOW;
                case LAGGING -> LAGGING;
                case CANCELLED -> CANCELLED;
            };
        }
        return LOCAL;
    }
}
