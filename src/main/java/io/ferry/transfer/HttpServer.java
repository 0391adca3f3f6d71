package io.ferry.transfer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.ferry.trust.Identity;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * HttpServer accepts HTTP/1.1 on one address — TCP, optionally TLS with a client certificate required,
 * or a Unix domain socket — and hands each request, whole, to a {@link Handler} on a worker pool. What a
 * caller can make it hold is bounded by {@link ServerLimits}: head and body sizes, the time a request
 * may take to arrive, idle connections, requests per peer, queued requests, open connections. Each
 * request carries the {@link Identity} of its caller, as its certificate (or the socket) proves it. A
 * handler that throws gets its exception turned into a status: 400 for bad input, 404 for missing
 * things, 500 otherwise.
 */
public final class HttpServer implements AutoCloseable {
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

    /** Thrown by handlers for a request the caller is not allowed to make (403). */
    public static final class Forbidden extends RuntimeException {
        public Forbidden(String message) {
            super(message);
        }
    }

    private final EventLoopGroup group;
    private final ThreadPoolExecutor workers;
    private final Channel channel;
    /** Every accepted connection still open (a closed one leaves the group by itself). */
    private final ChannelGroup connections;
    private final Path socket;

    private HttpServer(EventLoopGroup group, ThreadPoolExecutor workers, Channel channel, ChannelGroup connections,
                       Path socket) {
        this.group = group;
        this.workers = workers;
        this.channel = channel;
        this.connections = connections;
        this.socket = socket;
    }

    /** Plain HTTP on {@code host:port} (port 0: any free port), the peer limits; for tests and loopback. */
    public static HttpServer start(String host, int port, int workerThreads, Handler handler) throws IOException {
        return tcp(host, port, null, null, ServerLimits.peers(workerThreads), handler);
    }

    /**
     * Listens on {@code host:port}. With {@code tls} (which must require client certificates), every
     * caller is known by its certificate, through {@code identify}; without, every caller is unverified.
     */
    public static HttpServer tcp(String host, int port, SslContext tls, Function<X509Certificate, Identity> identify,
                                 ServerLimits limits, Handler handler) throws IOException {
        Function<Channel, Identity> who = tls == null ? c -> Identity.unverified() : c -> certified(c, identify);
        return start(NioIoHandler.newFactory(), NioServerSocketChannel.class, new InetSocketAddress(host, port),
                host + ":" + port, null, tls, who, limits, handler);
    }

    /**
     * Listens on a Unix domain socket at {@code path}, readable and writable by this user only: whoever can
     * connect is {@code caller} (the operator). A file left at the path by a node that died is replaced;
     * the caller must hold the data directory's lock.
     */
    public static HttpServer unix(Path path, Identity caller, ServerLimits limits, Handler handler) throws IOException {
        // bound inside a fresh directory only this user can enter, made private, then moved into place: no
        // other user can ever connect, whatever the umask
        // (a short name: a socket's whole path must fit in 107 bytes)
        Path staging = path.toAbsolutePath().resolveSibling(".sockd");
        Files.deleteIfExists(staging.resolve("s"));
        Files.deleteIfExists(staging);
        Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path bound = staging.resolve("s");
        HttpServer s = start(EpollIoHandler.newFactory(), EpollServerDomainSocketChannel.class,
                new DomainSocketAddress(bound.toFile()), path.toString(), path, null, c -> caller, limits, handler);
        try {
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            Files.move(bound, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw new IOException("cannot make the socket " + path + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(bound);
            Files.deleteIfExists(staging);
        }
        return s;
    }

    private static HttpServer start(IoHandlerFactory ioFactory, Class<? extends ServerChannel> type, SocketAddress at,
                                    String name, Path socket, SslContext tls, Function<Channel, Identity> who,
                                    ServerLimits limits, Handler handler) throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, ioFactory);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, limits.queue())), io.ferry.util.Threads.daemon("http"));
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        PeerGate gate = new PeerGate(limits.perPeer());
        BadRequests offenders = new BadRequests(java.time.Clock.systemUTC());
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(type)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel c) {
                            if (connections.size() >= limits.connections()) {
                                c.close();
                                return;
                            }
                            connections.add(c);
                            ChannelPipeline p = c.pipeline();
                            if (tls != null) {
                                SslHandler ssl = tls.newHandler(c.alloc());
                                ssl.setHandshakeTimeoutMillis(limits.requestTime().toMillis());
                                p.addLast(ssl);
                            }
                            RequestDeadline deadline = new RequestDeadline(limits.requestTime());
                            p.addLast(new IdleStateHandler(true, 0, 0, limits.idle().toMillis(), TimeUnit.MILLISECONDS),
                                    deadline.first(), new HttpServerCodec(4096, 8192, 8192), deadline.last(),
                                    new HttpObjectAggregator(limits.maxBody()),
                                    new Dispatch(handler, workers, gate, who, limits.writeDeadline(), offenders));
                        }
                    })
                    .bind(at).sync().channel();
            return new HttpServer(group, workers, ch, connections, socket);
        } catch (Exception e) {
            workers.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot listen on " + name + ": " + e.getMessage(), e);
        }
    }

    private static Identity certified(Channel c, Function<X509Certificate, Identity> identify) {
        try {
            SslHandler ssl = c.pipeline().get(SslHandler.class);
            return identify.apply((X509Certificate) ssl.engine().getSession().getPeerCertificates()[0]);
        } catch (Exception e) {
            // the handshake required a certificate the cluster CA issued: this cannot happen for a request
            throw new IllegalStateException("a request arrived without a verified certificate", e);
        }
    }

    /** The port actually bound (useful after asking for port 0); -1 for a Unix socket. */
    public int port() {
        return channel.localAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
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
        if (socket != null) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                // the next node on this directory replaces it
            }
        }
    }

    /**
     * Dispatch hands each whole request to a worker, after checking that its caller has room ({@link PeerGate})
     * and the pool has room (a bounded queue): a request beyond either gets 503 at once, never a wait that
     * holds its body in memory. It turns a handler's exception into a status and closes idle connections.
     */
    static final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
        private static final Logger log = LoggerFactory.getLogger(Dispatch.class);
        private static final AttributeKey<Identity> CALLER = AttributeKey.valueOf("ferry.caller");

        private final Handler handler;
        private final ExecutorService workers;
        private final PeerGate gate;
        private final Function<Channel, Identity> who;
        private final Duration writeDeadline;
        private final BadRequests offenders;

        Dispatch(Handler handler, ExecutorService workers, PeerGate gate, Function<Channel, Identity> who,
                 Duration writeDeadline, BadRequests offenders) {
            this.handler = handler;
            this.workers = workers;
            this.gate = gate;
            this.who = who;
            this.writeDeadline = writeDeadline;
            this.offenders = offenders;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            Identity caller = ctx.channel().attr(CALLER).get();
            if (caller == null) {
                caller = who.apply(ctx.channel());
                ctx.channel().attr(CALLER).set(caller);
            }
            String key = key(ctx.channel(), caller);
            HttpExchange ex = new HttpExchange(ctx, request, caller, writeDeadline);
            if (!request.decoderResult().isSuccess()) {
                offenders.report(ex.remote(), "a request", "malformed: " + request.decoderResult().cause());
                ex.respondText(400, "malformed request");
                ctx.close();
                return;
            }
            if (!gate.enter(key)) {
                ex.respondText(503, "too many requests from you at once");
                return;
            }
            request.retain();
            try {
                workers.execute(() -> run(ex, request, key));
            } catch (RejectedExecutionException e) {
                request.release();
                gate.leave(key);
                ex.respondText(503, "busy");
            }
        }

        /**
         * The unit of fairness: a certificate. Without one (plaintext, which serves loopback only unless
         * --insecure) every caller shares an address, so the unit is the connection: the bounded queue,
         * not the gate, is then what protects the node.
         */
        private static String key(Channel c, Identity caller) {
            if (caller.fingerprint() != null) {
                return caller.fingerprint();
            }
            return String.valueOf(c.remoteAddress()) + "#" + c.id().asShortText();
        }

        private void run(HttpExchange ex, FullHttpRequest request, String key) {
            try {
                handler.handle(ex);
                if (!ex.responded()) {
                    ex.respondText(500, "no response");
                }
            } catch (NotFound e) {
                reply(ex, 404, e.getMessage());
            } catch (Forbidden e) {
                offenders.report(ex.remote(), ex.method() + " " + ex.path(), ex.caller().describe() + " was refused: "
                        + e.getMessage());
                reply(ex, 403, e.getMessage());
            } catch (IllegalArgumentException e) {
                reply(ex, 400, e.getMessage());
            } catch (Exception e) {
                log.debug("{} {} failed", ex.method(), ex.path(), e);
                reply(ex, 500, String.valueOf(e.getMessage()));
            } finally {
                gate.leave(key);
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
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else if (event instanceof SslHandshakeCompletionEvent h && !h.isSuccess()) {
                // a refused certificate was logged, once, by the trust manager; a caller with none, a plaintext
                // caller or a broken handshake is logged here, once a minute per address
                if (!refusedCertificate(h.cause())) {
                    String why = String.valueOf(h.cause().getMessage());
                    offenders.report(String.valueOf(ctx.channel().remoteAddress()), "a TLS handshake",
                            "failed (" + (why.length() > 80 ? why.substring(0, 80) + "…" : why) + ")");
                }
                ctx.close();
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        private static boolean refusedCertificate(Throwable t) {
            for (; t != null; t = t.getCause()) {
                if (t instanceof java.security.cert.CertificateException) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("connection error: {}", cause.toString());
            ctx.close();
        }
    }
}
