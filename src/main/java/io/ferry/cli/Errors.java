package io.ferry.cli;

import io.ferry.util.Printable;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Errors turns an exception into the one line a user reads. */
final class Errors {
    private Errors() {
    }

    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "cannot read " + a.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            return "internal error: " + e.getClass().getSimpleName() + " (set FERRY_DEBUG=1 for details)";
        }
        // a message may quote a peer or a remote node: no control character reaches the terminal
        return Printable.safe(msg.replace('\n', ' '));
    }
}
