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
    private final SwimCounters counters = new SwimCounters();
    private final List<NodeId> order = new ArrayList<>();
    /** Suspects to probe before the round-robin order resumes. */
    private final java.util.ArrayDeque<NodeId> early = new java.util.ArrayDeque<>();
    private int next;
    private Probe probe;
    private long seq;
    private long nextProbe;
    private long nextGossip;
    /** The latest time any call brought in: what an answer that arrives through the wire is stamped with. */
    private long latest;
    private long nextSync;
    private long lastJoin;
    private long nextReconnect;
    /** How often a dead member is tried again (Serf's reconnect): a healed partition is one view within it. */
    private static final long RECONNECT_MILLIS = 10_000;
    private List<String> seeds = List.of();
    /** Lifeguard's local health multiplier: 0 (well) to awarenessMax. */
    private int health;
    private int refutationsSeen;

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
        out.addAll(members.statuses());
        return out;
    }

    public MemberStatus status(NodeId node) {
        return members.status(node);
    }

    /** How many members other than this node are in {@code state} (forgotten ones not counted). */
    public int count(MemberState state) {
        return members.count(state);
    }

    public int localHealth() {
        return health;
    }

    /** Messages and bytes sent so far by kind, and messages refused (for figures). */
    public SwimCounters counters() {
        return counters;
    }

    /** Sends {@code m}; a reply that names a sender other than the member called is refused (a seed may be anyone). */
    private void send(NodeId to, String address, SwimMessage m, Consumer<SwimMessage> onReply) {
        counters.sent(m);
        wire.call(to, address, m, r -> {
            if (r != null && to != null && !to.equals(r.sender())) {
                counters.refuse();
                return;
            }
            onReply.accept(r);
        });
    }

    private NodeId self() {
        return members.self();
    }

    private SwimMessage.Sender me() {
        Update u = members.selfUpdate();
        return new SwimMessage.Sender(u.node(), u.address(), u.incarnation());
    }

    /** Contacts {@code seeds} with a whole-list push-pull: a new node learns every member from one. */
    public void join(List<String> seeds, long now) {
        latest = Math.max(latest, now);
        this.seeds = List.copyOf(seeds);
        for (String s : seeds) {
            send(null, s, new SwimMessage.Sync(me(), members.all()), r -> answered(r, latest, true));
        }
        lastJoin = now;
        nextSync = now + config.sync(members.size());
    }

    /** Leaves: others are told at once, directly, and the news is gossiped on; nothing more is sent after. */
    public void leave(long now) {
        latest = Math.max(latest, now);
        Update u = members.leave();
        for (MemberStatus s : members.randomLive(2 * config.fanout() + 2, null, random)) {
            send(s.node(), s.address(), new SwimMessage.Gossip(me(), List.of(u)), r -> { });
        }
    }

    private void answered(SwimMessage r, long now, boolean sync) {
        if (r != null) {
            synced(members.merge(r.updates(), now, sync || r instanceof SwimMessage.Sync, r.from()), r, now);
        }
    }

    /**
     * A push-pull that taught this node something brings the next one forward: while a cluster forms (or
     * a partition heals) news is spread while lists are short, so sent fewer times, and some is missed;
     * whole lists swapped every few periods until they teach nothing close those gaps in seconds, not at
     * the next periodic push-pull (minutes at N = 1,000).
     */
    private void synced(int changed, SwimMessage m, long now) {
        if (!members.corrections.isEmpty() && m instanceof SwimMessage.Sync) {
            members.corrections.clear(); // a push-pull carries the whole list both ways already
        } else if (!members.corrections.isEmpty()) {
            List<Update> c = List.copyOf(members.corrections.subList(0, Math.min(members.corrections.size(), SwimCodec.MAX_UPDATES)));
            members.corrections.clear();
            send(m.sender(), m.from().address(), new SwimMessage.Gossip(me(), c), r -> { });
        }
        if (changed > 0 && m instanceof SwimMessage.Sync) {
            nextSync = Math.min(nextSync, now + 3 * config.probeMillis() + random.nextInt((int) Math.max(1, 3 * config.probeMillis())));
        }
    }

    /** Runs whatever is due at {@code now}: probes and their timeouts, suspicions, gossip, push-pull. */
    public void tick(long now) {
        latest = Math.max(latest, now);
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
                // Lifeguard: a failed probe, and each helper that did not even nack, hint the trouble is here
                health(1 + probe.nacksExpected - probe.nacks);
            }
            probe = null;
        }
        if (!members.heardSuspect.isEmpty()) {
            // a few members, of all that hear a suspicion, probe the suspect at once: about 2·K of them
            // cluster-wide, so the confirmations Lifeguard waits for (or the refutation, the ping telling the
            // suspect) come within a period or two rather than whenever the round-robin reaches it
            double p = Math.min(1.0, 2.0 * config.confirmations() / Math.max(1, members.size() - 2));
            for (NodeId n : members.heardSuspect) {
                if (random.nextDouble() < p && !early.contains(n)) {
                    early.add(n);
                }
            }
            members.heardSuspect.clear();
        }
        if (probe == null && now >= nextProbe) {
            probeNext(now);
            nextProbe = now + config.probeMillis() * scale;
        }
        members.expire(now);
        for (Update d : members.doubts) {
            for (MemberStatus s : members.randomLive(config.fanout(), d.node(), random)) {
                send(s.node(), s.address(), new SwimMessage.Gossip(me(), List.of(d)), r -> { });
            }
        }
        members.doubts.clear();
        relays.entrySet().removeIf(e -> {
            if (now >= e.getValue().deadline()) {
                e.getValue().reply().accept(new SwimMessage.Nack(me(), e.getValue().seq(), members.piggyback()));
                return true;
            }
            return false;
        });
        if (now >= nextGossip) {
            nextGossip = now + config.gossipMillis();
            gossip();
        }
        if (!seeds.isEmpty() && members.size() == 1 && now >= lastJoin + config.probeMillis()) {
            join(seeds, now); // no answer yet, or everyone else gone: ask the first contacts again, once a period
        }
        if (now >= nextSync) {
            nextSync = now + config.sync(members.size()) + random.nextInt((int) Math.max(1, config.syncMillis() / 4));
            for (MemberStatus s : members.randomLive(1, null, random)) {
                send(s.node(), s.address(), new SwimMessage.Sync(me(), members.all()), r -> answered(r, latest, true));
            }
        }
        if (now >= nextReconnect) {
            // one dead member, in case it is only cut off: after a partition the halves find each other
            nextReconnect = now + RECONNECT_MILLIS;
            List<MemberStatus> dead = members.dead();
            if (!dead.isEmpty()) {
                MemberStatus s = dead.get(random.nextInt(dead.size()));
                send(s.node(), s.address(), new SwimMessage.Sync(me(), members.all()), r -> answered(r, latest, true));
            }
        }
        if (members.refutations > refutationsSeen) {
            health(members.refutations - refutationsSeen); // Lifeguard: suspected, so perhaps slow to answer
            refutationsSeen = members.refutations;
        }
    }

    private void health(int delta) {
        health = Math.max(0, Math.min(config.awarenessMax(), health + delta));
    }

    private void probeNext(long now) {
        while (!early.isEmpty()) {
            MemberStatus s = members.status(early.poll());
            if (s != null && s.state() == MemberState.SUSPECT) {
                probe = new Probe(s.node(), ++seq, now);
                ping(probe, s.address());
                return;
            }
        }
        if (next >= order.size()) {
            order.clear();
            order.addAll(members.liveIds());
            Collections.shuffle(order, random);
            next = 0;
        }
        while (next < order.size()) {
            MemberStatus s = members.status(order.get(next++));
            if (s != null && !s.state().gone()) {
                probe = new Probe(s.node(), ++seq, now);
                ping(probe, s.address());
                return;
            }
        }
    }

    private void ping(Probe p, String address) {
        List<Update> news = members.piggyback();
        MemberStatus t = members.status(p.target);
        if (t != null && t.state() == MemberState.SUSPECT) {
            // Lifeguard's buddy system: a suspect that is pinged hears of the suspicion and refutes at once
            List<Update> first = new ArrayList<>(news.size() + 1);
            first.add(new Update(t.node(), t.address(), t.incarnation(), MemberState.SUSPECT, null));
            news.stream().filter(u -> !u.node().equals(t.node())).forEach(first::add);
            news = first;
        }
        send(p.target, address, new SwimMessage.Ping(me(), p.seq, p.target, news), r -> {
            answered(r, latest, false);
            if (r instanceof SwimMessage.Ack a && a.seq() == p.seq && !p.acked) {
                p.acked = true;
                members.heard(p.target, latest);
                health(-1);
            }
        });
    }

    private void indirect(Probe p, long now) {
        p.indirect = true;
        MemberStatus target = members.status(p.target);
        if (target == null) {
            return;
        }
        // and once more directly (memberlist's fallback ping): a lost ping or ack alone is no suspicion
        ping(p, target.address());
        for (MemberStatus h : members.randomLive(config.indirect(), p.target, random)) {
            p.nacksExpected++;
            send(h.node(), h.address(), new SwimMessage.PingReq(me(), p.seq, p.target, target.address(), members.piggyback()), r -> {
                answered(r, latest, false);
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
        for (MemberStatus s : members.randomLive(config.fanout(), null, random)) {
            List<Update> u = members.piggyback();
            if (!u.isEmpty()) {
                send(s.node(), s.address(), new SwimMessage.Gossip(me(), u), r -> { });
            }
        }
    }

    /**
     * Answers a peer's message. {@code from} is the caller's identity as the transport verified it (null in
     * plaintext): a message that names another sender is refused, unanswered, and counted.
     */
    public void onRequest(long now, NodeId from, SwimMessage m, Consumer<SwimMessage> reply) {
        latest = Math.max(latest, now);
        if (members.selfState() == MemberState.LEFT) {
            return; // gone: no answer, as from a stopped node
        }
        if (from != null && !from.equals(m.sender())) {
            counters.refuse();
            return;
        }
        Consumer<SwimMessage> out = r -> {
            counters.sent(r);
            reply.accept(r);
        };
        synced(members.merge(m.updates(), now, m instanceof SwimMessage.Sync, m.from()), m, now);
        members.heard(m.sender(), now);
        if (m instanceof SwimMessage.Ping p) {
            if (p.target() == null || p.target().equals(self())) {
                out.accept(new SwimMessage.Ack(me(), p.seq(), members.piggyback()));
            }
        } else if (m instanceof SwimMessage.PingReq r) {
            long mine = ++seq;
            // nack before the asker's period ends (Lifeguard: 80% of the probe timeout), so a nack counts
            relays.put(mine, new Relay(r.seq(), now + config.probeTimeoutMillis() * 4 / 5, out));
            send(r.target(), r.address(), new SwimMessage.Ping(me(), mine, r.target(), members.piggyback()), a -> {
                answered(a, latest, false);
                Relay relay = a instanceof SwimMessage.Ack ack && ack.seq() == mine ? relays.remove(mine) : null;
                if (relay != null) {
                    relay.reply().accept(new SwimMessage.Ack(me(), relay.seq(), members.piggyback()));
                }
            });
        } else if (m instanceof SwimMessage.Gossip) {
            out.accept(new SwimMessage.Ack(me(), 0, List.of()));
        } else if (m instanceof SwimMessage.Sync) {
            out.accept(new SwimMessage.Sync(me(), members.all()));
        }
    }
}
