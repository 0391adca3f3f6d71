package io.ferry.transfer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * RequestDeadline closes a connection whose request does not arrive whole within the deadline of its
 * first byte: a caller sending a byte now and then (slowloris) holds a connection for that long at most.
 * Its {@link #first()} half sits before the HTTP decoder (which says nothing until a head is complete)
 * and starts the clock on the first bytes; its {@link #last()} half, after the decoder, stops it when
 * the request's last part has arrived. One instance per connection; both halves run on its event loop.
 */
final class RequestDeadline {
    private final long millis;
    private ScheduledFuture<?> pending;

    RequestDeadline(Duration deadline) {
        this.millis = deadline.toMillis();
    }

    ChannelInboundHandlerAdapter first() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof ByteBuf b && b.isReadable() && pending == null) {
                    pending = ctx.executor().schedule(() -> {
                        ctx.close();
                    }, millis, TimeUnit.MILLISECONDS);
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                stop();
                super.channelInactive(ctx);
            }
        };
    }

    ChannelInboundHandlerAdapter last() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof LastHttpContent) {
                    stop();
                }
                super.channelRead(ctx, msg);
            }
        };
    }

    private void stop() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
