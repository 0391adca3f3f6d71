package io.ferry.sim;

import io.ferry.trust.NodeId;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * SimNetwork is an in-memory request/response network on an {@link EventLoop}: each call and each reply
 * takes a random latency and may be lost; a host that is down neither receives nor answers, and a reply
 * reaches its caller only if the caller is still up and has not been restarted since it called; hosts on
 * different sides of a partition cannot reach each other. The callee learns the caller's id as a verified
 * transport would (mutual TLS). Bytes are counted by a size function (the real codec's) plus a framing
 * overhead per message, sent or not. Generic in the message type, so the membership and the gossip of
 * facts can both run on it.
 *
 * @param <M> the message type
 */
public final class SimNetwork<M> {
    /** What a host does with a request: answer through {@code reply}, now, later or never. */
    public interface Handler<M> {
        void onRequest(long now, NodeId from, M m, Consumer<M> reply);
    }

    private static final class Host<M> {
        final NodeId id;
        Handler<M> handler;
        boolean up = true;
        int side;
        int life;

        Host(NodeId id, Handler<M> handler) {
            this.id = id;
            this.handler = handler;
        }
    }

    private final EventLoop loop;
    private final Random random;
    private final ToIntFunction<M> size;
    private final int overhead;
    private final int minLatency;
    private final int maxLatency;
    private final Map<String, Host<M>> hosts = new HashMap<>();
    private double loss;
    private long bytes;
    private long messages;

    /**
     * @param size       bytes of a message on the wire, without framing
     * @param overhead   framing bytes added to every message (HTTP and TLS records)
     * @param minLatency one-way latency in ms, drawn uniformly from [minLatency, maxLatency]
     */
    public SimNetwork(EventLoop loop, Random random, ToIntFunction<M> size, int overhead, int minLatency, int maxLatency) {
        this.loop = loop;
        this.random = random;
        this.size = size;
        this.overhead = overhead;
        this.minLatency = minLatency;
        this.maxLatency = maxLatency;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Runs {@code action} at simulated time {@code at} (or now, if that has passed). */
    public void schedule(long at, Runnable action) {
        loop.after(at - loop.now(), action);
    }

    /** Adds a host at {@code address}, or gives a restarted one its new handler (up again, on its old side). */
    public void attach(String address, NodeId id, Handler<M> handler) {
        Host<M> h = hosts.get(address);
        if (h == null) {
            hosts.put(address, new Host<>(id, handler));
        } else {
            h.handler = handler;
            h.up = true;
            h.life++;
        }
    }

    /** Stops {@code address}: it neither receives nor answers, and replies on their way to it are lost. */
    public void down(String address) {
        hosts.get(address).up = false;
    }

    public boolean up(String address) {
        return hosts.get(address).up;
    }

    /** Puts {@code address} on {@code side} of a partition: only hosts on the same side reach it (all 0: none). */
    public void side(String address, int side) {
        hosts.get(address).side = side;
    }

    public int side(String address) {
        return hosts.get(address).side;
    }

    /** Probability that any one message (request or reply) is lost. */
    public void loss(double p) {
        this.loss = p;
    }

    public long bytes() {
        return bytes;
    }

    public long messages() {
        return messages;
    }

    /**
     * {@code from} sends {@code m} to {@code to}; the reply, if it comes back, is handed to {@code onReply}
     * (a lost message never calls back, as over a real network with the caller's own timers).
     */
    public void call(String from, String to, M m, Consumer<M> onReply) {
        Host<M> caller = hosts.get(from);
        Host<M> callee = hosts.get(to);
        count(m);
        if (callee == null || !reaches(caller, callee)) {
            return;
        }
        int life = caller.life;
        loop.after(latency(), () -> {
            if (!callee.up) {
                return;
            }
            int calleeLife = callee.life;
            callee.handler.onRequest(loop.now(), caller.id, m, reply -> {
                if (callee.life != calleeLife || !callee.up) {
                    return; // answered by a life of the callee that has ended
                }
                count(reply);
                if (reaches(callee, caller)) {
                    loop.after(latency(), () -> {
                        if (caller.up && caller.life == life) {
                            onReply.accept(reply);
                        }
                    });
                }
            });
        });
    }

    private boolean reaches(Host<M> a, Host<M> b) {
        return a.up && b.up && a.side == b.side && random.nextDouble() >= loss;
    }

    private void count(M m) {
        messages++;
        bytes += size.applyAsInt(m) + overhead;
    }

    private long latency() {
        return minLatency + random.nextInt(maxLatency - minLatency + 1);
    }
}
