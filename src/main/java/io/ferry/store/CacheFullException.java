package io.ferry.store;

import java.io.IOException;

/**
 * CacheFullException: chunks that only the cache would provide do not fit within {@code --cache-max}.
 * Its message is one line naming what could not fit and by how much.
 */
public final class CacheFullException extends IOException {
    public CacheFullException(String message) {
        super(message);
    }
}
