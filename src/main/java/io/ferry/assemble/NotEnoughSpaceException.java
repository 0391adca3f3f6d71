package io.ferry.assemble;

import java.io.IOException;

/** NotEnoughSpaceException: a delivery refused before it wrote or fetched anything, saying what is short where. */
public final class NotEnoughSpaceException extends IOException {
    public NotEnoughSpaceException(String message) {
        super(message);
    }
}
