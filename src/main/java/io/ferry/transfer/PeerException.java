package io.ferry.transfer;

import java.io.IOException;

/**
 * PeerException: a peer failed us: unreachable, timed out, answered with an error, broke off a
 * response, or sent a chunk whose bytes do not match its name ({@link #lied()}). A delivery skips
 * such a peer and gives its work to other holders.
 */
public final class PeerException extends IOException {
    private final boolean lied;

    public PeerException(String message, boolean lied, Throwable cause) {
        super(message, cause);
        this.lied = lied;
    }

    public boolean lied() {
        return lied;
    }
}
