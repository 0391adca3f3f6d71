package io.ferry.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.LongAdder;

/** CountingInputStream counts the bytes read through it: the bytes that crossed the wire. */
final class CountingInputStream extends FilterInputStream {
    private final LongAdder count;

    CountingInputStream(InputStream in, LongAdder count) {
        super(in);
        this.count = count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count.increment();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count.add(n);
        }
        return n;
    }
}
