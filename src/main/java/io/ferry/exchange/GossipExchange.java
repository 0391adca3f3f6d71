package io.ferry.exchange;

import io.ferry.catalog.ClusterTable;
import io.ferry.catalog.FactFormatException;
import io.ferry.exchange.gossip.GossipCodec;
import io.ferry.exchange.gossip.GossipMessage;
import io.ferry.exchange.gossip.Scuttlebutt;
import io.ferry.transfer.HttpExchange;
import io.ferry.transfer.PeerClient;
import io.ferry.transfer.PeerException;
import io.ferry.transfer.Routes;
import io.ferry.trust.NodeId;
import io.ferry.util.Threads;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GossipExchange runs {@link Scuttlebutt} in a node: in {@code gossip} mode a round with a live member at
 * random every interval (and with a few at once when a delivery asks for a refresh), in {@code poll} mode a
 * pull of each live member's own changes. Every call into the protocol runs on one thread; peers are
 * asked on a small pool, over {@code /v1/gossip} on the peer listener, and the caller's verified
 * identity is the one the protocol is told. Who is live comes from the {@link SwimMembership}; the
 * first contacts are asked too until they are members (a contact that does not speak the membership
 * protocol is still gossiped with).
 */
public final class GossipExchange implements Exchange {
    private static final Logger log = LoggerFactory.getLogger(GossipExchange.class);
    private static final Duration CALL = Duration.ofSeconds(10);
    private static final Duration ROUND = Duration.ofSeconds(6);
    /** Peers a refresh opens rounds with at once. */
    private static final int FANOUT = 3;
    /** Bytes of deltas in one message: under the peer listener's 1 MiB request bound. */
    private static final int BUDGET = 512 << 10;

    /** Whether rounds swap digests with one member at random or pull each member's own changes. */
    public enum Mode { GOSSIP, POLL }

    private final Mode mode;
    private final Advertisement self;
    private final ClusterTable table;
    private final PeerClient client;
    private final SwimMembership contacts;
    private final Set<String> configured;
    private final Scuttlebutt protocol;
    private final Random random;
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final ExecutorService loop = Executors.newSingleThreadExecutor(Threads.daemon("gossip"));
    private final ExecutorService io = Executors.newFixedThreadPool(4, Threads.daemon("gossip-io"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("gossip-timer"));

    GossipExchange(Mode mode, Advertisement self, ClusterTable table, PeerClient client, SwimMembership contacts,
                   List<String> peers, Random random) {
        this.mode = mode;
        this.self = self;
        this.table = table;
        this.client = client;
        this.contacts = contacts;
        this.configured = new LinkedHashSet<>(peers);
        this.random = random;
        this.protocol = new Scuttlebutt(self.id(), new TableBook(self, table), this::call, BUDGET);
    }

    private void call(NodeId to, String address, GossipMessage m, Consumer<GossipMessage> onReply) {
        byte[] body = GossipCodec.encode(m);
        io.execute(() -> {
            GossipMessage answer = null;
            try {
                byte[] a = client.message(address, "/v1/gossip", body, GossipCodec.MAX, CALL);
                sent.addAndGet(body.length);
                received.addAndGet(a.length);
                answer = GossipCodec.decode(a);
                reachable.put(address, true);
                if (to != null) {
                    table.touch(to, address);
                }
            } catch (PeerException | FactFormatException e) {
                if (!Boolean.FALSE.equals(reachable.put(address, false))) {
                    log.info("peer {} did not answer the gossip: {}", address, e.getMessage());
                }
            } catch (IOException e) {
                log.warn("cannot note that {} answered: {}", address, e.getMessage());
            }
            GossipMessage r = answer;
            try {
                loop.execute(() -> onReply.accept(r));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile: nobody waits for the answer
            }
        });
    }

    @Override
    public void refresh() {
        refresh(ROUND);
    }

    @Override
    public void refresh(Duration wait) {
        List<Contacts.Contact> all = targets();
        List<Contacts.Contact> some = new ArrayList<>(all);
        if (mode == Mode.GOSSIP && some.size() > FANOUT) {
            Collections.shuffle(some, random);
            some = some.subList(0, FANOUT);
        }
        CountDownLatch done = new CountDownLatch(some.size());
        for (Contacts.Contact c : some) {
            loop.execute(() -> {
                if (mode == Mode.GOSSIP) {
                    protocol.round(c.node(), c.address(), done::countDown);
                } else {
                    protocol.poll(c.node(), c.address(), done::countDown);
                }
            });
        }
        try {
            done.await(wait.toMillis(), TimeUnit.MILLISECONDS); // what comes later is taken when it comes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The live members, and the configured peers none of them serves at (first contacts). */
    private List<Contacts.Contact> targets() {
        List<Contacts.Contact> out = new ArrayList<>(contacts.live());
        Set<String> at = new java.util.HashSet<>();
        out.forEach(c -> at.add(c.address()));
        configured.stream().filter(a -> !at.contains(a)).forEach(a -> out.add(new Contacts.Contact(null, a)));
        return out;
    }

    @Override
    public void start(Duration every) {
        contacts.start(self.address());
        timer.scheduleWithFixedDelay(() -> {
            try {
                if (mode == Mode.POLL) {
                    refresh(ROUND);
                } else {
                    // one round a period with a live member at random (first contacts too, until they are members)
                    List<Contacts.Contact> all = targets();
                    if (!all.isEmpty()) {
                        Contacts.Contact c = all.get(random.nextInt(all.size()));
                        loop.execute(() -> protocol.round(c.node(), c.address(), () -> { }));
                    }
                }
            } catch (RuntimeException e) {
                log.warn("gossip round failed: {}", e.toString());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code /v1/gossip}, and {@code /v1/table}: every entry this node holds, for inspection and a one-off push. */
    @Override
    public Routes routes() {
        Routes whole = new TableRoutes(self, table);
        return ex -> serve(ex) || contacts.serve(ex) || whole.serve(ex);
    }

    private boolean serve(HttpExchange ex) throws Exception {
        if (!ex.path().equals("/v1/gossip") || !ex.method().equals("POST")) {
            return false;
        }
        GossipMessage m;
        try {
            m = GossipCodec.decode(ex.body());
        } catch (FactFormatException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        received.addAndGet(ex.body().length);
        CompletableFuture<GossipMessage> answer = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                protocol.onRequest(ex.caller().node(), m, answer::complete);
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        byte[] body;
        try {
            body = GossipCodec.encode(answer.get(CALL.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e; // a question that is not one: the caller's fault
        }
        sent.addAndGet(body.length);
        ex.respond(200, "application/octet-stream", body);
        return true;
    }

    /** Bytes of gossip this node sent and received (bodies only), for the figures. */
    public long[] traffic() {
        return new long[] {sent.get(), received.get()};
    }

    @Override
    public Boolean reachable(String address) {
        return reachable.get(address);
    }

    @Override
    public Set<String> configuredPeers() {
        return configured;
    }

    @Override
    public List<io.ferry.exchange.swim.MemberStatus> membership() {
        return contacts.members();
    }

    @Override
    public String state(NodeId node) {
        io.ferry.exchange.swim.MemberStatus s = contacts.status(node);
        return s == null ? null : s.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void close() {
        long[] g = traffic();
        long[] m = contacts.traffic();
        // for operators and bench/swarm-metadata.sh: what keeping the table in step cost this node
        log.info("exchange traffic: gossip sent {} B, received {} B; membership sent {} B, received {} B (bodies)",
                g[0], g[1], m[0], m[1]);
        contacts.close(); // leaves: the members told directly hear it before the listener goes
        timer.shutdownNow();
        io.shutdownNow();
        loop.shutdownNow();
    }
}
