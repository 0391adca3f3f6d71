package io.ferry.transfer;

import io.ferry.util.Printable;
import java.io.IOException;

/**
 * PeerException: a peer failed a request, and {@link #kind()} says how, so the fetching side can decide
 * what happens to the work and to the peer in one place (see the executor's outcome classifier).
 */
public final class PeerException extends IOException {
    /** How a peer failed. */
    public enum Kind {
        /** Unreachable, timed out, broke off, answered 5xx or malformed: may work elsewhere or later. */
        TRANSIENT,
        /**
         * It is busy (503: its workers and queue are full, or this node has as many requests on it as it may):
         * back-pressure, not failure.
         */
        BUSY,
        /** Its answer fell below the rate floor (a trickle): it is slow, not gone. */
        SLOW,
        /** Its answer fell far behind the rate it showed before: this request's chunks are better asked of others. */
        LAGGING,
        /** It does not have what was asked (404): the table was stale about it. */
        MISSING,
        /** It sent bytes that do not match the chunk's name: it cannot be trusted for this delivery. */
        CORRUPT,
        /** It refused (403): policy, not failure. */
        FORBIDDEN,
        /** Not the peer's doing: this node ended the request because its chunks came from another holder. */
        CANCELLED
    }

    private final Kind kind;

    /** {@code message} may quote a peer (its address, its error text): it is made safe to print here, once. */
    public PeerException(String message, Kind kind, Throwable cause) {
        super(Printable.safe(message), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The kind an HTTP error status means. */
    static Kind ofStatus(int status) {
        return switch (status) {
            case 404 -> Kind.MISSING;
            case 403 -> Kind.FORBIDDEN;
            case 503 -> Kind.BUSY;
            default -> Kind.TRANSIENT;
        };
    }
}
