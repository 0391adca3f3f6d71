package io.ferry.transfer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HttpServer accepts HTTP/1.1 on one address and hands each request, whole, to a {@link Handler} on
 * a worker pool. Request bodies are capped (batch requests and API calls are small); responses may
 * be streamed. A handler that throws gets its exception turned into a status: 400 for bad input,
 * 404 for missing things, 500 otherwise.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final int MAX_REQUEST = 16 << 20;

    /** Handles one exchange; must respond (or stream) before returning. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    /** Thrown by handlers for a request naming something this node does not have (404). */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    private final EventLoopGroup group;
    private final ExecutorService workers;
    private final Channel channel;
    /** Every accepted connection still open (a closed one leaves the group by itself). */
    private final ChannelGroup connections;

    private HttpServer(EventLoopGroup group, ExecutorService workers, Channel channel, ChannelGroup connections) {
        this.group = group;
        this.workers = workers;
        this.channel = channel;
        this.connections = connections;
    }

    public static HttpServer start(String host, int port, int workerThreads, Handler handler) throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ExecutorService workers = Executors.newFixedThreadPool(workerThreads, io.ferry.util.Threads.daemon("http"));
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            connections.add(c);
                            c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST),
                                    new Dispatch(handler, workers));
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).sync().channel();
            return new HttpServer(group, workers, ch, connections);
        } catch (Exception e) {
            workers.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port actually bound (useful after asking for port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * Stops listening and closes every open connection (a peer holding a kept-alive one must see it end,
     * not wait on it: shutting the event loops down did not always close them), then stops the workers.
     */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Handler handler;
        private final ExecutorService workers;

        Dispatch(Handler handler, ExecutorService workers) {
            this.handler = handler;
            this.workers = workers;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            request.retain();
            HttpExchange ex = new HttpExchange(ctx, request);
            try {
                workers.execute(() -> run(ex, request));
            } catch (RejectedExecutionException e) {
                request.release();
                ctx.close();
            }
        }

        private void run(HttpExchange ex, FullHttpRequest request) {
            try {
                handler.handle(ex);
                if (!ex.responded()) {
                    ex.respondText(500, "no response");
                }
            } catch (NotFound e) {
                reply(ex, 404, e.getMessage());
            } catch (IllegalArgumentException e) {
                reply(ex, 400, e.getMessage());
            } catch (Exception e) {
                log.debug("{} {} failed", ex.method(), ex.path(), e);
                reply(ex, 500, String.valueOf(e.getMessage()));
            } finally {
                request.release();
            }
        }

        private static void reply(HttpExchange ex, int status, String message) {
            if (ex.responded()) {
                ex.abort(); // a stream already begun cannot carry an error: break it so the client knows
            } else {
                ex.respondText(status, message);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("connection error: {}", cause.toString());
            ctx.close();
        }
    }
}
