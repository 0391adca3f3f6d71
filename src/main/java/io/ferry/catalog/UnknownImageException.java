package io.ferry.catalog;

import java.io.IOException;

/** UnknownImageException: no image of that name is known here. */
public final class UnknownImageException extends IOException {
    public UnknownImageException(String name) {
        this(name, null);
    }

    /** @param refused what was refused of what peers said about the name (bindings, and why); null: nothing */
    public UnknownImageException(String name, String refused) {
        super("unknown image '" + name + "' (ferry ls lists the images)" + (refused == null ? "" : "; " + refused));
    }
}
