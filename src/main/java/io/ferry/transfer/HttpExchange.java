package io.ferry.transfer;

import io.ferry.trust.Identity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HttpExchange is one request and its response, handled on a worker thread (never Netty's event
 * loop, since handlers read files and compress). The response is a whole body or a stream whose
 * writes block while the peer is slow (back-pressure), so a large
 * response never piles up in memory; a peer that stops taking them for longer than the write deadline
 * has its connection closed.
 */
public final class HttpExchange {
    private static final int PIECE = 64 * 1024;

    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final QueryStringDecoder uri;
    private final boolean keepAlive;
    private final Identity caller;
    private final long writeDeadlineMillis;
    private boolean responded;

    HttpExchange(ChannelHandlerContext ctx, FullHttpRequest request, Identity caller, Duration writeDeadline) {
        this.ctx = ctx;
        this.request = request;
        this.caller = caller;
        this.writeDeadlineMillis = writeDeadline.toMillis();
        this.uri = new QueryStringDecoder(request.uri());
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    public String method() {
        return request.method().name();
    }

    public String path() {
        return uri.path();
    }

    public Map<String, List<String>> query() {
        return uri.parameters();
    }

    public byte[] body() {
        ByteBuf c = request.content();
        byte[] b = new byte[c.readableBytes()];
        c.getBytes(c.readerIndex(), b);
        return b;
    }

    /** Who sent the request, as its certificate (or the operator's socket) proves it. */
    public Identity caller() {
        return caller;
    }

    public String remote() {
        return String.valueOf(ctx.channel().remoteAddress());
    }

    boolean responded() {
        return responded;
    }

    public void respond(int status, String contentType, byte[] body) {
        responded = true;
        DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        finish(ctx.writeAndFlush(r));
    }

    public void respondText(int status, String text) {
        respond(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Starts a chunked 200 response; write the body to the stream and close it. */
    public OutputStream stream(String contentType) {
        responded = true;
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        ctx.write(r);
        return new BodyStream();
    }

    private void finish(ChannelFuture f) {
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Aborts the connection: the client sees a broken response, never a short one that looks whole. */
    void abort() {
        ctx.channel().close();
    }

    /** The body of a streamed response, sent in 64 KiB pieces; blocks while the channel is full. */
    private final class BodyStream extends OutputStream {
        private ByteBuf buf = ctx.alloc().buffer(PIECE);
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            buf.writeByte(b);
            if (buf.writableBytes() == 0) {
                send();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, PIECE - buf.readableBytes());
                buf.writeBytes(b, off, n);
                off += n;
                len -= n;
                if (buf.readableBytes() >= PIECE) {
                    send();
                }
            }
        }

        private void send() throws IOException {
            if (!ctx.channel().isActive()) {
                buf.release();
                buf = ctx.alloc().buffer(PIECE);
                throw new IOException("the peer closed the connection");
            }
            ChannelFuture f = ctx.writeAndFlush(new DefaultHttpContent(buf));
            buf = ctx.alloc().buffer(PIECE);
            if (!ctx.channel().isWritable()) {
                try {
                    if (!f.await(writeDeadlineMillis, TimeUnit.MILLISECONDS) || !f.isSuccess()) {
                        throw new IOException("the peer stopped reading");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
        }

        /** Sends what is buffered now: a streamed answer's small pieces (progress lines) must not wait for 64 KiB. */
        @Override
        public void flush() throws IOException {
            if (!closed && buf.readableBytes() > 0) {
                send();
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (buf.readableBytes() > 0) {
                send();
            }
            buf.release();
            finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
        }
    }
}
