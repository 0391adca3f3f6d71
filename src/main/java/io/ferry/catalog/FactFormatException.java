package io.ferry.catalog;

import java.io.IOException;

/**
 * FactFormatException: the bytes of a fact's payload or of a table entry are not the canonical encoding
 * of anything (truncated, trailing bytes, a field out of range, an address that is not host:port). The
 * one way decoding a peer's words fails, so a receiver drops the fact and carries on.
 */
public final class FactFormatException extends IOException {
    public FactFormatException(String message) {
        super(message);
    }

    public FactFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
