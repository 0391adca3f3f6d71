package io.ferry.node;

import java.io.IOException;

/** The policy lets this node read the image from no peer: the delivery fails before asking any. */
final class ForbiddenImageException extends IOException {
    ForbiddenImageException(String message) {
        super(message);
    }
}
