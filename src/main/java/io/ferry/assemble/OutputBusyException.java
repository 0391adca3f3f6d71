package io.ferry.assemble;

import java.io.IOException;
import java.nio.file.Path;

/** OutputBusyException: another delivery, in this process or another, is writing the same output path. */
public final class OutputBusyException extends IOException {
    public OutputBusyException(Path target, Path part) {
        super("another delivery is writing " + target + " (its partial file "
                + part.getFileName() + " is locked); wait for it to finish or choose another path");
    }
}
