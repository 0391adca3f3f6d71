package io.ferry.exchange;

import io.ferry.catalog.ClusterTable;
import io.ferry.exchange.swim.MemberState;
import io.ferry.exchange.swim.MemberStatus;
import io.ferry.exchange.swim.Swim;
import io.ferry.exchange.swim.SwimCodec;
import io.ferry.exchange.swim.SwimConfig;
import io.ferry.exchange.swim.SwimMessage;
import io.ferry.transfer.HttpExchange;
import io.ferry.transfer.PeerClient;
import io.ferry.transfer.PeerException;
import io.ferry.trust.NodeId;
import io.ferry.util.Threads;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SwimMembership runs {@link Swim} in a node: every call into it on one thread, a tick every 50 ms by the
 * node's clock, messages as requests to {@code /v1/swim} on the peer listener (so each is attributed to
 * the caller's verified certificate), and the news a node is gone handed to the cluster table: a node
 * that left is forgotten at once, a dead one once Swim forgets it. The incarnation starts from the clock,
 * so a restarted node is newer than anything said of its previous life.
 */
final class SwimMembership implements Contacts, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwimMembership.class);
    private static final Duration CALL = Duration.ofSeconds(2);

    private final NodeId self;
    private final ClusterTable table;
    private final PeerClient client;
    private final List<String> seeds;
    private final Clock clock;
    private final ExecutorService loop = Executors.newSingleThreadExecutor(Threads.daemon("swim"));
    private final ExecutorService io = Executors.newFixedThreadPool(4, Threads.daemon("swim-io"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("swim-timer"));
    /** Written once on the loop thread; read by any. */
    private volatile Swim swim;
    /** Membership bytes this node sent and received (bodies; requests it made and answers it gave). */
    private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    private volatile List<MemberStatus> view = List.of();
    private volatile java.util.Map<NodeId, MemberStatus> byNode = java.util.Map.of();

    SwimMembership(NodeId self, ClusterTable table, PeerClient client, List<String> seeds, Clock clock) {
        this.self = self;
        this.table = table;
        this.client = client;
        this.seeds = List.copyOf(seeds);
        this.clock = clock;
    }

    /** Starts probing and joins through the first contacts, as the member serving at {@code address}. */
    void start(String address) {
        loop.execute(() -> {
            Swim s = new Swim(self, address, clock.millis() * 1000, SwimConfig.lan(), new Random(), this::call);
            s.listener(this::changed);
            swim = s;
            s.join(seeds, clock.millis());
            see(s.members());
        });
        timer.scheduleWithFixedDelay(() -> loop.execute(() -> {
            try {
                swim.tick(clock.millis());
                see(swim.members());
            } catch (RuntimeException e) {
                log.warn("membership tick failed: {}", e.toString());
            }
        }), 50, 50, TimeUnit.MILLISECONDS);
    }

    private void see(List<MemberStatus> members) {
        java.util.Map<NodeId, MemberStatus> by = new java.util.HashMap<>();
        members.forEach(m -> by.put(m.node(), m));
        view = members;
        byNode = by;
    }

    private void changed(MemberStatus s) {
        log.info("member {} at {} is {}", s.node(), s.address(), s.state().name().toLowerCase());
        if (s.state() == MemberState.LEFT) {
            try {
                table.forget(s.node()); // it said so itself: what it held is no longer offered
            } catch (IOException e) {
                log.warn("cannot forget {}: {}", s.node(), e.getMessage());
            }
        }
    }

    private void call(NodeId to, String address, SwimMessage m, Consumer<SwimMessage> onReply) {
        byte[] body = SwimCodec.encode(m);
        io.execute(() -> {
            SwimMessage answer = null;
            try {
                sent.addAndGet(body.length);
                byte[] a = client.message(address, "/v1/swim", body, SwimCodec.MAX_SYNC, CALL);
                received.addAndGet(a.length);
                answer = SwimCodec.decode(a);
            } catch (PeerException | io.ferry.exchange.swim.SwimFormatException e) {
                log.debug("{} did not answer a membership message: {}", address, e.getMessage());
            }
            SwimMessage r = answer;
            try {
                loop.execute(() -> onReply.accept(r));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile: nobody waits for the answer
            }
        });
    }

    /** Answers {@code /v1/swim}. */
    boolean serve(HttpExchange ex) throws Exception {
        if (!ex.path().equals("/v1/swim") || !ex.method().equals("POST")) {
            return false;
        }
        SwimMessage m;
        try {
            m = SwimCodec.decode(ex.body());
        } catch (io.ferry.exchange.swim.SwimFormatException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        received.addAndGet(ex.body().length);
        CompletableFuture<SwimMessage> answer = new CompletableFuture<>();
        loop.execute(() -> {
            if (swim != null) {
                swim.onRequest(clock.millis(), ex.caller().node(), m, answer::complete);
            } else {
                answer.complete(null); // not started yet
            }
        });
        SwimMessage reply;
        try {
            reply = answer.get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            reply = null;
        }
        if (reply == null) {
            ex.respond(503, "text/plain", "no answer\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            byte[] out = SwimCodec.encode(reply);
            sent.addAndGet(out.length);
            ex.respond(200, "application/octet-stream", out);
        }
        return true;
    }

    @Override
    public List<Contact> live() {
        List<Contact> out = new ArrayList<>();
        for (MemberStatus s : view) {
            if (!s.node().equals(self) && !s.state().gone()) {
                out.add(new Contact(s.node(), s.address()));
            }
        }
        return out;
    }

    /** Membership bytes sent and received so far (message bodies). */
    long[] traffic() {
        return new long[] {sent.get(), received.get()};
    }

    /** Every member, this node first. */
    List<MemberStatus> members() {
        return view;
    }

    /** What the membership says of {@code node}; null: not a member it knows. */
    MemberStatus status(NodeId node) {
        return byNode.get(node);
    }

    /** Says this node leaves and waits (a second at most) for the members told directly to hear it. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            loop.submit(() -> {
                if (swim != null) {
                    swim.leave(clock.millis());
                }
            }).get(1, TimeUnit.SECONDS);
            io.shutdown();
            io.awaitTermination(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("leaving: {}", e.toString());
        }
        io.shutdownNow();
        loop.shutdownNow();
    }
}
