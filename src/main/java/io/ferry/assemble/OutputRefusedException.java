package io.ferry.assemble;

import java.io.IOException;

/**
 * OutputRefusedException: the output path of a delivery is one ferry will not write (it exists, it is
 * a seed, a link, a busy device, a device too small...); thrown before anything is fetched or written.
 */
public final class OutputRefusedException extends IOException {
    public OutputRefusedException(String message) {
        super(message);
    }
}
