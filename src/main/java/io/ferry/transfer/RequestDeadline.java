package io.ferry.transfer;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * RequestDeadline closes a connection whose request does not arrive whole within the deadline of its
 * first part: a caller sending a byte now and then (slowloris) holds a connection for that long at most.
 */
final class RequestDeadline extends ChannelDuplexHandler {
    private final long millis;
    private ScheduledFuture<?> pending;

    RequestDeadline(Duration deadline) {
        this.millis = deadline.toMillis();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest && pending == null) {
            pending = ctx.executor().schedule(() -> {
                ctx.close();
            }, millis, TimeUnit.MILLISECONDS);
        }
        if (msg instanceof LastHttpContent && pending != null) {
            pending.cancel(false);
            pending = null;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pending != null) {
            pending.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
