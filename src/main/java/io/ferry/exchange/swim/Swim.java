package io.ferry.exchange.swim;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Swim is one node's failure detector and membership list: SWIM (one member probed per period, directly,
 * then through {@code indirect} others; news piggybacked on every message and gossiped) with Lifeguard's
 * refinements (suspicion before death, a suspicion timeout that independent confirmations shorten, and
 * a local health score that slows this node's probing while it is itself slow to answer or hear).
 * Pure and single-threaded: time comes in as arguments, randomness from the given {@link Random}, and
 * messages go out through a {@link Wire}; the caller serialises every call.
 */
public final class Swim {
    /** Request and answer; a wire that knows the call failed answers null, one that loses it says nothing. */
    public interface Wire {
        void call(NodeId to, String address, SwimMessage m, Consumer<SwimMessage> onReply);
    }

    private static final class Probe {
        final NodeId target;
        final long seq;
        final long sent;
        boolean acked;
        boolean indirect;
        int nacksExpected;
        int nacks;

        Probe(NodeId target, long seq, long sent) {
            this.target = target;
            this.seq = seq;
            this.sent = sent;
        }
    }

    private record Relay(long seq, long deadline, Consumer<SwimMessage> reply) {
    }

    private final SwimConfig config;
    private final Random random;
    private final Wire wire;
    private final Members members;
    private final Map<Long, Relay> relays = new HashMap<>();
    private final Map<Class<?>, Long> sent = new HashMap<>();
    private final List<NodeId> order = new ArrayList<>();
    private int next;
    private Probe probe;
    private long seq;
    private long nextProbe;
    private long nextGossip;
    private long nextSync;
    private long nextReconnect;
    /** How often a dead member is tried again (Serf's reconnect): a healed partition is one view within it. */
    private static final long RECONNECT_MILLIS = 10_000;
    private List<String> seeds = List.of();
    /** Lifeguard's local health multiplier: 0 (well) to awarenessMax. */
    private int health;

    public Swim(NodeId self, String address, long incarnation, SwimConfig config, Random random, Wire wire) {
        this.config = config;
        this.random = random;
        this.wire = wire;
        this.members = new Members(self, address, incarnation, config);
    }

    public void listener(Consumer<MemberStatus> onChange) {
        members.listener(onChange);
    }

    /** Every member, this node first. */
    public List<MemberStatus> members() {
        List<MemberStatus> out = new ArrayList<>();
        Update me = members.selfUpdate();
        out.add(new MemberStatus(me.node(), me.address(), me.incarnation(), me.state(), 0, 0));
        out.addAll(members.others().values());
        return out;
    }

    public MemberStatus status(NodeId node) {
        return members.others().get(node);
    }

    public int localHealth() {
        return health;
    }

    /** Messages sent so far, by kind (for figures). */
    public Map<String, Long> sent() {
        Map<String, Long> out = new HashMap<>();
        sent.forEach((k, v) -> out.put(k.getSimpleName(), v));
        return out;
    }

    private void send(NodeId to, String address, SwimMessage m, Consumer<SwimMessage> onReply) {
        sent.merge(m.getClass(), 1L, Long::sum);
        wire.call(to, address, m, onReply);
    }

    /** Contacts {@code seeds} with a whole-list push-pull: a new node learns every member from one. */
    public void join(List<String> seeds, long now) {
        this.seeds = List.copyOf(seeds);
        for (String s : seeds) {
            send(null, s, new SwimMessage.Sync(members.all()), r -> answered(r, now, true));
        }
        nextSync = now + config.sync(members.size());
    }

    /** Leaves: others are told at once, directly, and the news is gossiped on; nothing more is sent after. */
    public void leave(long now) {
        Update u = members.leave();
        List<MemberStatus> live = live(null);
        Collections.shuffle(live, random);
        for (MemberStatus s : live.subList(0, Math.min(live.size(), 2 * config.fanout() + 2))) {
            send(s.node(), s.address(), new SwimMessage.Gossip(List.of(u)), r -> { });
        }
    }

    private void answered(SwimMessage r, long now, boolean sync) {
        if (r != null) {
            members.merge(r.updates(), now, sync || r instanceof SwimMessage.Sync);
        }
    }

    /** Runs whatever is due at {@code now}: probes and their timeouts, suspicions, gossip, push-pull. */
    public void tick(long now) {
        if (members.selfState() == MemberState.LEFT) {
            return;
        }
        long scale = health + 1L;
        if (probe != null && !probe.acked && !probe.indirect && now - probe.sent >= config.probeTimeoutMillis() * scale) {
            indirect(probe, now);
        }
        if (probe != null && now - probe.sent >= config.probeMillis() * scale) {
            if (!probe.acked) {
                members.suspect(probe.target, now);
                health(+1);
                if (probe.nacks < probe.nacksExpected) {
                    health(+1); // helpers that did not even nack: the trouble may be this node's
                }
            }
            probe = null;
        }
        if (probe == null && now >= nextProbe) {
            probeNext(now);
            nextProbe = now + config.probeMillis() * scale;
        }
        int refutations = members.refutations;
        members.expire(now);
        relays.entrySet().removeIf(e -> {
            if (now >= e.getValue().deadline()) {
                e.getValue().reply().accept(new SwimMessage.Nack(e.getValue().seq(), members.piggyback()));
                return true;
            }
            return false;
        });
        if (now >= nextGossip) {
            nextGossip = now + config.gossipMillis();
            gossip();
        }
        if (!seeds.isEmpty() && live(null).isEmpty() && now >= nextSync - config.sync(members.size()) + config.probeMillis()) {
            join(seeds, now); // no answer yet, or everyone else gone: ask the first contacts again, once a period
        }
        if (now >= nextSync) {
            nextSync = now + config.sync(members.size()) + random.nextInt((int) Math.max(1, config.syncMillis() / 4));
            List<MemberStatus> live = live(null);
            if (!live.isEmpty()) {
                MemberStatus s = live.get(random.nextInt(live.size()));
                send(s.node(), s.address(), new SwimMessage.Sync(members.all()), r -> answered(r, now, true));
            }
        }
        if (now >= nextReconnect) {
            // one dead member, in case it is only cut off: after a partition the halves find each other
            nextReconnect = now + RECONNECT_MILLIS;
            List<MemberStatus> dead = members.others().values().stream().filter(x -> x.state() == MemberState.DEAD).toList();
            if (!dead.isEmpty()) {
                MemberStatus s = dead.get(random.nextInt(dead.size()));
                send(s.node(), s.address(), new SwimMessage.Sync(members.all()), r -> answered(r, now, true));
            }
        }
        if (members.refutations > refutations) {
            health(+1);
        }
    }

    private void health(int delta) {
        health = Math.max(0, Math.min(config.awarenessMax(), health + delta));
    }

    private void probeNext(long now) {
        if (next >= order.size()) {
            order.clear();
            members.others().values().stream().filter(s -> !s.state().gone()).forEach(s -> order.add(s.node()));
            Collections.shuffle(order, random);
            next = 0;
        }
        while (next < order.size()) {
            MemberStatus s = members.others().get(order.get(next++));
            if (s != null && !s.state().gone()) {
                Probe p = new Probe(s.node(), ++seq, now);
                probe = p;
                send(s.node(), s.address(), new SwimMessage.Ping(p.seq, s.node(), members.piggyback()), r -> {
                    answered(r, now, false);
                    if (r instanceof SwimMessage.Ack a && a.seq() == p.seq && !p.acked) {
                        p.acked = true;
                        members.heard(p.target, now);
                        health(-1);
                    }
                });
                return;
            }
        }
    }

    private void indirect(Probe p, long now) {
        p.indirect = true;
        MemberStatus target = members.others().get(p.target);
        if (target == null) {
            return;
        }
        List<MemberStatus> helpers = live(p.target);
        Collections.shuffle(helpers, random);
        for (MemberStatus h : helpers.subList(0, Math.min(helpers.size(), config.indirect()))) {
            p.nacksExpected++;
            send(h.node(), h.address(), new SwimMessage.PingReq(p.seq, p.target, target.address(), members.piggyback()), r -> {
                answered(r, now, false);
                if (r instanceof SwimMessage.Ack a && a.seq() == p.seq) {
                    p.acked = true;
                } else if (r instanceof SwimMessage.Nack) {
                    p.nacks++;
                }
            });
        }
    }

    private void gossip() {
        if (!members.hasNews()) {
            return;
        }
        List<MemberStatus> live = live(null);
        Collections.shuffle(live, random);
        for (MemberStatus s : live.subList(0, Math.min(live.size(), config.fanout()))) {
            List<Update> u = members.piggyback();
            if (!u.isEmpty()) {
                send(s.node(), s.address(), new SwimMessage.Gossip(u), r -> { });
            }
        }
    }

    /** Members alive or suspect, but {@code except}. */
    private List<MemberStatus> live(NodeId except) {
        List<MemberStatus> out = new ArrayList<>();
        for (MemberStatus s : members.others().values()) {
            if (!s.state().gone() && !s.node().equals(except)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Answers a peer's message; {@code from} is its verified identity (null in plaintext). */
    public void onRequest(long now, NodeId from, SwimMessage m, Consumer<SwimMessage> reply) {
        if (members.selfState() == MemberState.LEFT) {
            return; // gone: no answer, as from a stopped node
        }
        members.merge(m.updates(), now, m instanceof SwimMessage.Sync);
        members.heard(from, now);
        if (m instanceof SwimMessage.Ping p) {
            if (p.target() == null || p.target().equals(members.self())) {
                reply.accept(new SwimMessage.Ack(p.seq(), members.piggyback()));
            }
        } else if (m instanceof SwimMessage.PingReq r) {
            long mine = ++seq;
            relays.put(mine, new Relay(r.seq(), now + config.probeTimeoutMillis(), reply));
            send(r.target(), r.address(), new SwimMessage.Ping(mine, r.target(), members.piggyback()), a -> {
                answered(a, now, false);
                Relay relay = a instanceof SwimMessage.Ack ack && ack.seq() == mine ? relays.remove(mine) : null;
                if (relay != null) {
                    relay.reply().accept(new SwimMessage.Ack(relay.seq(), members.piggyback()));
                }
            });
        } else if (m instanceof SwimMessage.Gossip) {
            reply.accept(new SwimMessage.Ack(0, List.of()));
        } else if (m instanceof SwimMessage.Sync) {
            reply.accept(new SwimMessage.Sync(members.all()));
        }
    }
}
