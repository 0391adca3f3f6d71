package io.ferry.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * CountingInputStream is a response body read under a {@link Call}'s watch: every read is counted (the
 * bytes that crossed the wire) and checked against the call's floor, deadline and cancel flag.
 */
final class CountingInputStream extends FilterInputStream {
    private final Call call;

    CountingInputStream(InputStream in, Call call) {
        super(in);
        this.call = call;
        call.begin();
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        call.read(b >= 0 ? 1 : 0);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        call.read(Math.max(0, n));
        return n;
    }
}
