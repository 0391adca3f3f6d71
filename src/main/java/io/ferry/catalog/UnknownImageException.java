package io.ferry.catalog;

import java.io.IOException;

/** UnknownImageException: no image of that name is known here. */
public final class UnknownImageException extends IOException {
    public UnknownImageException(String name) {
        super("unknown image '" + name + "' (ferry ls lists the images)");
    }
}
