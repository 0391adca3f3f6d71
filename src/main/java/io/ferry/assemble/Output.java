package io.ferry.assemble;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Output is where an {@link Assembly} puts its bytes: a hidden partial file published by a rename
 * ({@link FileOutput}), or a block device written in place ({@link DeviceOutput}). Writes and reads go
 * through {@link #channel()} at absolute positions, from any thread.
 */
interface Output {
    /** The path the user named. */
    Path target();

    /** Where the bytes are written while they arrive: the hidden partial file, or the device itself. */
    Path writtenAt();

    FileChannel channel();

    /** True when bytes of an earlier attempt may already be right in place (a reused partial file). */
    boolean resumed();

    /**
     * Makes {@code len} bytes at {@code at} read as zeros. {@code buf} is scratch space of at least
     * {@code len} bytes.
     */
    void zero(long at, int len, byte[] buf) throws IOException;

    /** Makes every byte written durable; after it, reads come from the medium, not from memory. */
    void flush() throws IOException;

    /**
     * True when success needs every chunk read back from the output and verified: bytes went in place,
     * so nothing else stands between a bad write and the user.
     */
    boolean readsBack();

    /** Puts the finished image at the target; after it nothing is left to clean up. */
    void publish() throws IOException;

    /** Closes without publishing; {@code keep}: leave what was written for a retry. */
    void abandon(boolean keep) throws IOException;

    /** What is left at the output after a failure, for the end of an error's line. */
    String leftBehind(boolean keep);

    /** {@code e} as one line that names {@code target} (a write error's own message names no file). */
    static IOException describe(Exception e, Path target) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("No space left on device")) {
            return new IOException("no space left on device while writing " + target + "; nothing was written there", e);
        }
        if (e instanceof java.io.InterruptedIOException io) {
            return io; // not a disk error: the caller's interruption
        }
        if (msg.contains(target.toString())) {
            return e instanceof IOException io ? io : new IOException(msg, e);
        }
        // a write error's own message (EIO, EDQUOT, ...) names no file: say which
        return new IOException("cannot write " + target + ": " + msg, e);
    }
}
