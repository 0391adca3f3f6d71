package io.ferry.transfer;

import java.net.SocketTimeoutException;

/** NodeSilentException: the node the CLI talks to sent nothing for longer than the CLI waits. */
public final class NodeSilentException extends SocketTimeoutException {
    public NodeSilentException(String message) {
        super(message);
    }
}
