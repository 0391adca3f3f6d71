package io.ferry.exchange.swim;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Members is the membership list and what changes it: SWIM's precedence of updates, refutation by a
 * higher incarnation, Lifeguard's suspicion timeout that shrinks as independent members confirm it, and
 * the queue of news to piggyback, each update sent a bounded number of times, least-sent first. Nothing
 * here walks the whole list on a tick: counts are kept, live members are indexed for a pick at random,
 * and the gone ones are kept apart (the simulation holds thousands of members in each of thousands of nodes).
 */
final class Members {
    private record Suspicion(long start, Set<NodeId> by) {
    }

    /** One member, mutable and compact: a node's list is N of these. */
    private static final class Entry {
        final NodeId node;
        String address;
        long incarnation;
        MemberState state;
        long since;
        long heard;
        /** Index in {@link #live}; -1 when gone. */
        int at = -1;

        Entry(NodeId node) {
            this.node = node;
        }

        MemberStatus status() {
            return new MemberStatus(node, address, incarnation, state, since, heard);
        }
    }

    private final NodeId self;
    private final String address;
    private final SwimConfig config;
    private long incarnation;
    private MemberState selfState = MemberState.ALIVE;
    private final Map<NodeId, Entry> others = new HashMap<>();
    private final int[] counts = new int[MemberState.values().length];
    private final List<Entry> live = new ArrayList<>();
    private final Set<NodeId> gone = new LinkedHashSet<>();
    private final Map<NodeId, Suspicion> suspicions = new HashMap<>();
    private final NewsQueue news = new NewsQueue();
    private Consumer<MemberStatus> listener = s -> { };
    /** Members this node heard others suspect since {@link Swim} last looked (it may probe them early). */
    final List<NodeId> heardSuspect = new ArrayList<>();
    /** Newer news for the sender of what was last merged, who spoke of refuted incarnations ({@link Swim} sends it). */
    final List<Update> corrections = new ArrayList<>();
    /** Suspicions long unconfirmed, to be told again to a few members ({@link Swim} sends them). */
    final List<Update> doubts = new ArrayList<>();
    private final Set<NodeId> doubted = new HashSet<>();
    /** Times this node had to refute a suspicion of itself (Lifeguard's health counts them). */
    int refutations;

    Members(NodeId self, String address, long incarnation, SwimConfig config) {
        this.self = self;
        this.address = address;
        this.incarnation = incarnation;
        this.config = config;
        tell(selfUpdate());
    }

    void listener(Consumer<MemberStatus> l) {
        this.listener = l;
    }

    NodeId self() {
        return self;
    }

    MemberState selfState() {
        return selfState;
    }

    Update selfUpdate() {
        return new Update(self, address, incarnation, selfState, null);
    }

    /** What is known of {@code node}; null: not a member, or forgotten. */
    MemberStatus status(NodeId node) {
        Entry e = others.get(node);
        return e == null ? null : e.status();
    }

    /** Members other than this node, including gone ones not forgotten yet. */
    List<MemberStatus> statuses() {
        List<MemberStatus> out = new ArrayList<>(others.size());
        others.values().forEach(e -> out.add(e.status()));
        return out;
    }

    /** The live (alive or suspect) members' ids, in no order. */
    List<NodeId> liveIds() {
        List<NodeId> out = new ArrayList<>(live.size());
        live.forEach(e -> out.add(e.node));
        return out;
    }

    /** This node and the members alive or suspect. */
    int size() {
        return 1 + live.size();
    }

    int count(MemberState state) {
        return counts[state.ordinal()];
    }

    /** Up to {@code k} distinct live members but {@code except}, at random. */
    List<MemberStatus> randomLive(int k, NodeId except, Random random) {
        List<MemberStatus> out = new ArrayList<>(k);
        if (live.size() <= 2 * k + 1) {
            List<Entry> all = new ArrayList<>(live);
            Collections.shuffle(all, random);
            all.stream().filter(e -> !e.node.equals(except)).limit(k).forEach(e -> out.add(e.status()));
            return out;
        }
        Set<NodeId> picked = new HashSet<>();
        while (out.size() < k) {
            Entry e = live.get(random.nextInt(live.size()));
            if (!e.node.equals(except) && picked.add(e.node)) {
                out.add(e.status());
            }
        }
        return out;
    }

    /** Members dead, not left, and not forgotten yet. */
    List<MemberStatus> dead() {
        List<MemberStatus> out = new ArrayList<>();
        for (NodeId n : gone) {
            Entry e = others.get(n);
            if (e.state == MemberState.DEAD) {
                out.add(e.status());
            }
        }
        return out;
    }

    /**
     * Takes what {@code sender} said; {@code fromSync}: a whole list, whose "dead" is only believed as "suspect",
     * and whose members that are merely new here are not news to gossip on: a joining node that learns a
     * thousand members from its seed must not then retell all of them (the sender itself is news). Then the
     * sender is alive at the incarnation it gives, first-hand (after its updates, so its own "left" stands).
     * Returns how many members it changed.
     */
    int merge(List<Update> updates, long now, boolean fromSync, SwimMessage.Sender sender) {
        return merge(updates, now, fromSync, sender.node()) + merge(List.of(sender.alive()), now, false, sender.node());
    }

    /** Returns how many members it changed (new ones included). */
    private int merge(List<Update> updates, long now, boolean fromSync, NodeId sender) {
        int changed = 0;
        for (Update u : updates) {
            if (u.node().equals(self)) {
                aboutSelf(u);
                continue;
            }
            MemberState state = fromSync && u.state() == MemberState.DEAD ? MemberState.SUSPECT : u.state();
            Update v = state == u.state() ? u : new Update(u.node(), u.address(), u.incarnation(), state, u.by());
            Entry known = others.get(u.node());
            if (known == null || v.overrides(known.incarnation, known.state)) {
                set(v, now, known, !fromSync || known != null || v.state() != MemberState.ALIVE || v.node().equals(sender));
                changed++;
            } else if (known.state == MemberState.SUSPECT && v.state() == MemberState.SUSPECT
                    && v.incarnation() == known.incarnation && v.by() != null) {
                Suspicion s = suspicions.get(v.node());
                if (s != null && s.by().add(v.by())) {
                    tell(v); // an independent confirmation shortens the wait, here and wherever it is retold
                }
            } else if (v.incarnation() < known.incarnation && v.state() != MemberState.ALIVE) {
                // a suspicion of an incarnation already refuted: the sender missed the refutation and, the
                // member refuting no more, would declare it dead; nobody else retells old news, so tell it
                corrections.add(new Update(known.node, known.address, known.incarnation, known.state, null));
            }
        }
        return changed;
    }

    private void aboutSelf(Update u) {
        if (selfState == MemberState.LEFT) {
            return;
        }
        if (u.incarnation() > incarnation || u.incarnation() == incarnation && u.state() != MemberState.ALIVE) {
            // suspected, declared dead, or an older life of this node still talked about: refute
            incarnation = u.incarnation() + 1;
            if (u.state() != MemberState.ALIVE) {
                refutations++;
            }
            tell(selfUpdate());
        } else if (u.incarnation() < incarnation && u.state() != MemberState.ALIVE && !news.contains(self)) {
            tell(selfUpdate()); // suspected by a member that missed the refutation: say it again
        }
    }

    private void set(Update u, long now, Entry known, boolean isNews) {
        Entry e = known;
        MemberState before = null;
        String addressBefore = null;
        if (e == null) {
            e = new Entry(u.node());
            others.put(u.node(), e);
        } else {
            before = e.state;
            addressBefore = e.address;
            untrack(e);
        }
        e.since = before == u.state() ? e.since : now;
        e.address = u.address();
        e.incarnation = u.incarnation();
        e.state = u.state();
        track(e);
        if (u.state() == MemberState.SUSPECT) {
            if (!self.equals(u.by())) {
                heardSuspect.add(u.node());
            }
            Set<NodeId> by = new HashSet<>();
            if (u.by() != null) {
                by.add(u.by());
            }
            suspicions.put(u.node(), new Suspicion(now, by));
        } else {
            suspicions.remove(u.node());
            doubted.remove(u.node());
        }
        if (isNews) {
            tell(u);
        }
        if (before != e.state || !e.address.equals(addressBefore)) {
            listener.accept(e.status());
        }
    }

    private void untrack(Entry e) {
        counts[e.state.ordinal()]--;
        if (e.at < 0) {
            gone.remove(e.node);
            return;
        }
        Entry last = live.remove(live.size() - 1);
        if (last != e) {
            live.set(e.at, last);
            last.at = e.at;
        }
        e.at = -1;
    }

    private void track(Entry e) {
        counts[e.state.ordinal()]++;
        if (e.state.gone()) {
            gone.add(e.node);
        } else {
            e.at = live.size();
            live.add(e);
        }
    }

    /** This node suspects {@code node} (it missed a probe, direct and indirect). */
    void suspect(NodeId node, long now) {
        Entry e = others.get(node);
        if (e != null && e.state == MemberState.ALIVE) {
            set(new Update(node, e.address, e.incarnation, MemberState.SUSPECT, self), now, e, true);
        } else if (e != null && e.state == MemberState.SUSPECT) {
            Suspicion known = suspicions.get(node);
            if (known != null && known.by().add(self)) {
                // this node's own probe failed too: an independent confirmation, told to the others
                tell(new Update(node, e.address, e.incarnation, MemberState.SUSPECT, self));
            }
        }
    }

    /** Suspicions whose time ran out become deaths; members gone long enough are forgotten. */
    void expire(long now) {
        int n = size();
        long[] bounds = config.suspicion(n);
        int expected = Math.min(config.confirmations(), Math.max(0, n - 2));
        for (Map.Entry<NodeId, Suspicion> s : new ArrayList<>(suspicions.entrySet())) {
            int confirmations = Math.max(0, s.getValue().by().size() - 1);
            long timeout = expected < 1 ? bounds[0] : Math.max(bounds[0], bounds[1] - (long) ((bounds[1] - bounds[0])
                    * Math.log(confirmations + 1) / Math.log(expected + 1)));
            if (confirmations == 0 && now - s.getValue().start() >= bounds[0] && doubted.add(s.getKey())) {
                // past the minimum with nobody confirming: maybe this node missed the refutation (it is not
                // told twice); asking around brings the newer news back (see corrections), costing a few bytes
                Entry e = others.get(s.getKey());
                doubts.add(new Update(e.node, e.address, e.incarnation, MemberState.SUSPECT, null));
            }
            if (now - s.getValue().start() >= timeout) {
                Entry e = others.get(s.getKey());
                set(new Update(e.node, e.address, e.incarnation, MemberState.DEAD, null), now, e, true);
            }
        }
        for (Iterator<NodeId> it = gone.iterator(); it.hasNext(); ) {
            Entry e = others.get(it.next());
            if (now - e.since > config.retainMillis()) {
                it.remove(); // forgotten: a return is a join like any other
                others.remove(e.node);
                counts[e.state.ordinal()]--;
                news.remove(e.node);
            }
        }
    }

    /** {@code node} answered or spoke, now. */
    void heard(NodeId node, long now) {
        Entry e = node == null ? null : others.get(node);
        if (e != null) {
            e.heard = now;
        }
    }

    /** This node leaves: a higher incarnation, state left. */
    Update leave() {
        incarnation++;
        selfState = MemberState.LEFT;
        Update u = selfUpdate();
        tell(u);
        return u;
    }

    private void tell(Update u) {
        news.put(u);
    }

    /** Up to the piggyback limit of news, least sent first; each is dropped once sent often enough. */
    List<Update> piggyback() {
        if (news.isEmpty()) {
            return List.of();
        }
        return news.take(config.piggyback(), config.retransmits(size()));
    }

    boolean hasNews() {
        return !news.isEmpty();
    }

    /** Every member as an update, this node first: what a sync sends. */
    List<Update> all() {
        List<Update> out = new ArrayList<>(others.size() + 1);
        out.add(selfUpdate());
        others.values().forEach(e -> out.add(new Update(e.node, e.address, e.incarnation, e.state, null)));
        return out;
    }
}
