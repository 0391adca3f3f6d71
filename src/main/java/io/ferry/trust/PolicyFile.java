package io.ferry.trust;

import java.nio.file.Path;
import java.time.Clock;

/** STUB until the trust work lands. */
public final class PolicyFile {
    private PolicyFile() {
    }

    public static Policy load(Path file, Clock clock) {
        throw new UnsupportedOperationException("not yet");
    }
}
