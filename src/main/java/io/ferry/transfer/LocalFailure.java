package io.ferry.transfer;

import java.io.IOException;

/**
 * LocalFailure carries an exception a {@link Receiver} raised (this node's own trouble, a full disk
 * say) past the peer-error handling, so that it is never blamed on the peer.
 */
public final class LocalFailure extends RuntimeException {
    public LocalFailure(IOException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
