package io.ferry.cli;

/** A command line that cannot work as given: one line on stderr and exit status 2. */
final class UsageException extends IllegalArgumentException {
    UsageException(String message) {
        super(message);
    }
}
