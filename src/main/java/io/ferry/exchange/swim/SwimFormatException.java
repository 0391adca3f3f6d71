package io.ferry.exchange.swim;

import java.io.IOException;

/**
 * SwimFormatException: the bytes are not a membership message (too long, truncated, trailing bytes, a count
 * over its limit, an address not written canonically, a node id NodeId refuses). The one way
 * {@link SwimCodec#decode} fails, so a receiver drops the message and carries on.
 */
public final class SwimFormatException extends IOException {
    public SwimFormatException(String message) {
        super(message);
    }
}
