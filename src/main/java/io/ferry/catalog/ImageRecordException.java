package io.ferry.catalog;

import java.io.IOException;
import java.nio.file.Path;

/** ImageRecordException: a record file in {@code DIR/images/} cannot be read as an image record. */
public final class ImageRecordException extends IOException {
    private final transient Path file;

    public ImageRecordException(Path file, String why) {
        super("image record " + file + " is damaged: " + why);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
