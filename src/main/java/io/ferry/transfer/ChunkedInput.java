package io.ferry.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;

/**
 * ChunkedInput decodes an HTTP/1.1 chunked body ({@code SIZE-HEX CRLF data CRLF ... 0 CRLF CRLF}): how
 * the node streams an answer whose length it cannot know up front. Ends at the last chunk; a body that
 * ends before it is an error, never a short answer that looks whole.
 */
final class ChunkedInput extends InputStream {
    private static final long MAX_CHUNK = 1L << 31;
    private static final int MAX_HEAD = 16 << 10;
    private final InputStream in;
    private long left;
    private boolean ended;

    ChunkedInput(InputStream in) {
        this.in = in;
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
        if (left == 0 && !nextChunk()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw new IOException("the node's answer ended inside a chunk");
        }
        left -= n;
        if (left == 0 && !line(in).isEmpty()) {
            throw new IOException("the node's answer is malformed: no line end after a chunk");
        }
        return n;
    }

    private boolean nextChunk() throws IOException {
        if (ended) {
            return false;
        }
        String line = line(in);
        int semi = line.indexOf(';');
        String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
        long size;
        try {
            size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("the node's answer is malformed: bad chunk size '" + io.ferry.util.Printable.safe(hex) + "'");
        }
        if (size < 0 || size > MAX_CHUNK) {
            throw new IOException("the node's answer is malformed: chunk size " + size);
        }
        if (size == 0) {
            while (!line(in).isEmpty()) {
                // trailers: none expected, skipped
            }
            ended = true;
            return false;
        }
        left = size;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** One line of an HTTP head or chunk framing, without its line end. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int n = 0; n < MAX_HEAD; n++) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the node closed the connection before answering");
            }
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        throw new IOException("the node's answer has an overlong head");
    }
}
