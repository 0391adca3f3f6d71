package io.ferry.exchange.swim;

/**
 * SwimFormatException: the bytes are not a membership message (too long, truncated, trailing bytes, a count
 * over its limit, an address not written canonically, a node id NodeId refuses). The one way
 * {@link SwimCodec#decode} fails, so a receiver drops the message and carries on. Not an IOException: the
 * package does no I/O, and ArchitectureTest keeps java.io out of it.
 */
public final class SwimFormatException extends Exception {
    public SwimFormatException(String message) {
        super(message);
    }
}
