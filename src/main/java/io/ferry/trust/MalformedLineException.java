package io.ferry.trust;

import java.io.IOException;

/**
 * MalformedLineException rejects a line of a file an operator writes (the policy, the deny list):
 * its message is {@code file:line: what is wrong}, the form editors and compilers use.
 */
public final class MalformedLineException extends IOException {
    private final String file;
    private final int line;

    public MalformedLineException(String file, int line, String message) {
        super(file + ":" + line + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** 1 for the first line. */
    public int line() {
        return line;
    }
}
