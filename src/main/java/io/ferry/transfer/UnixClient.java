package io.ferry.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * UnixClient makes one HTTP/1.1 POST over the node's Unix domain socket, the way the CLI reaches the node
 * on its own machine. The JDK speaks to Unix sockets but has no HTTP client for them, and the exchange
 * is one request and one response on a fresh connection ({@code Connection: close}), so a few lines of
 * HTTP framing here cost less than a library (or Netty's client, whose start-up every CLI command would pay).
 * A node that goes silent is given up on after an idle time ({@link IdleInput}); a streamed (chunked)
 * answer is decoded by {@link ChunkedInput}.
 */
final class UnixClient {
    private UnixClient() {
    }

    static boolean answers(Path socket) {
        if (!java.nio.file.Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Transport.Response post(Path socket, String path, byte[] body) throws IOException {
        return post(socket, path, body, ApiStream.SILENCE);
    }

    /**
     * POSTs {@code body} to {@code path}; every read of the answer fails with {@link NodeSilentException}
     * once the node has sent nothing for {@code idle}.
     */
    static Transport.Response post(Path socket, String path, byte[] body, java.time.Duration idle) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        IdleInput idleIn = null;
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
            out.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            idleIn = new IdleInput(ch, idle);
            InputStream in = new java.io.BufferedInputStream(idleIn);
            String status = ChunkedInput.line(in);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("the node answered something that is not HTTP: " + status);
            }
            long length = -1;
            boolean chunked = false;
            for (String line = ChunkedInput.line(in); !line.isEmpty(); line = ChunkedInput.line(in)) {
                int colon = line.indexOf(':');
                String name = colon > 0 ? line.substring(0, colon).trim() : "";
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(line.substring(colon + 1).trim());
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    chunked = line.substring(colon + 1).trim().equalsIgnoreCase("chunked");
                }
            }
            InputStream bodyIn = chunked ? new ChunkedInput(in) : length >= 0 ? new BoundedInput(in, length) : in;
            return new Transport.Response(Integer.parseInt(parts[1]), new ClosingInput(bodyIn, ch));
        } catch (IOException | RuntimeException e) {
            if (idleIn != null) {
                idleIn.close();
            }
            ch.close();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("the node's answer is malformed: " + e.getMessage(), e);
        }
    }

    /** The first {@code remaining} bytes of a stream. */
    private static final class BoundedInput extends java.io.FilterInputStream {
        private long remaining;

        BoundedInput(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                remaining--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }

    /** Closes the socket with the body. */
    private static final class ClosingInput extends java.io.FilterInputStream {
        private final SocketChannel ch;

        ClosingInput(InputStream in, SocketChannel ch) {
            super(in);
            this.ch = ch;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close(); // the idle reader's selector
            } finally {
                ch.close();
            }
        }
    }
}
