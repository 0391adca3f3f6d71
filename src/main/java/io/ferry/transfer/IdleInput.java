package io.ferry.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * IdleInput reads a socket channel and fails with {@link NodeSilentException} when nothing arrives for
 * {@code idle}. A blocking channel's stream has no read timeout (SO_TIMEOUT applies to sockets only), so
 * the channel is switched to non-blocking and each read waits on a selector for at most that long.
 * Closing the stream does not close the channel; its owner does.
 */
final class IdleInput extends InputStream {
    private final SocketChannel ch;
    private final Duration idle;
    private final Selector selector;

    IdleInput(SocketChannel ch, Duration idle) throws IOException {
        this.ch = ch;
        this.idle = idle;
        ch.configureBlocking(false);
        this.selector = Selector.open();
        ch.register(selector, SelectionKey.OP_READ);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (true) {
            int n = ch.read(buf);
            if (n != 0) {
                return n;
            }
            // the deadline restarts on every byte: it bounds silence, never a long answer
            if (selector.select(Math.max(1, idle.toMillis())) == 0) {
                throw new NodeSilentException("sent nothing for " + idle.toSeconds() + " s");
            }
            selector.selectedKeys().clear();
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}
