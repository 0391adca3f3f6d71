package io.ferry.exchange.swim;

import io.ferry.trust.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Members is the membership list and what changes it: SWIM's precedence of updates, refutation by a
 * higher incarnation, Lifeguard's suspicion timeout that shrinks as independent members confirm it, and
 * the queue of news to piggyback, each update sent a bounded number of times, least-sent first.
 */
final class Members {
    private record Suspicion(long start, Set<NodeId> by) {
    }

    private record News(Update update, int sent) {
    }

    private final NodeId self;
    private final String address;
    private final SwimConfig config;
    private long incarnation;
    private MemberState selfState = MemberState.ALIVE;
    private final Map<NodeId, MemberStatus> others = new HashMap<>();
    private final Map<NodeId, Suspicion> suspicions = new HashMap<>();
    private final Map<NodeId, News> news = new HashMap<>();
    private Consumer<MemberStatus> listener = s -> { };
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

    /** Members other than this node, including gone ones not forgotten yet. */
    Map<NodeId, MemberStatus> others() {
        return others;
    }

    int size() {
        return 1 + (int) others.values().stream().filter(s -> !s.state().gone()).count();
    }

    /** Takes what a peer said; {@code fromSync}: a whole list, whose "dead" is only believed as "suspect". */
    void merge(List<Update> updates, long now, boolean fromSync) {
        for (Update u : updates) {
            if (u.node().equals(self)) {
                aboutSelf(u);
                continue;
            }
            MemberState state = fromSync && u.state() == MemberState.DEAD ? MemberState.SUSPECT : u.state();
            Update v = state == u.state() ? u : new Update(u.node(), u.address(), u.incarnation(), state, u.by());
            MemberStatus known = others.get(u.node());
            if (v.overrides(known)) {
                set(v, now, known);
            } else if (known != null && known.state() == MemberState.SUSPECT && v.state() == MemberState.SUSPECT
                    && v.incarnation() == known.incarnation() && v.by() != null) {
                Suspicion s = suspicions.get(v.node());
                if (s != null) {
                    s.by().add(v.by()); // an independent confirmation shortens the wait
                }
            }
        }
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
        }
    }

    private void set(Update u, long now, MemberStatus known) {
        long since = known != null && known.state() == u.state() ? known.sinceMillis() : now;
        MemberStatus s = new MemberStatus(u.node(), u.address(), u.incarnation(), u.state(), since,
                known == null ? 0 : known.lastHeardMillis());
        others.put(u.node(), s);
        if (u.state() == MemberState.SUSPECT) {
            Set<NodeId> by = new HashSet<>();
            if (u.by() != null) {
                by.add(u.by());
            }
            suspicions.put(u.node(), new Suspicion(now, by));
        } else {
            suspicions.remove(u.node());
        }
        tell(u);
        if (known == null || known.state() != s.state() || !known.address().equals(s.address())) {
            listener.accept(s);
        }
    }

    /** This node suspects {@code node} (it missed a probe, direct and indirect). */
    void suspect(NodeId node, long now) {
        MemberStatus s = others.get(node);
        if (s != null && s.state() == MemberState.ALIVE) {
            set(new Update(node, s.address(), s.incarnation(), MemberState.SUSPECT, self), now, s);
        } else if (s != null && s.state() == MemberState.SUSPECT) {
            Suspicion known = suspicions.get(node);
            if (known != null && known.by().add(self)) {
                // this node's own probe failed too: an independent confirmation, told to the others
                tell(new Update(node, s.address(), s.incarnation(), MemberState.SUSPECT, self));
            }
        }
    }

    /** Suspicions whose time ran out become deaths. */
    void expire(long now) {
        int n = size();
        long[] bounds = config.suspicion(n);
        int expected = Math.min(config.confirmations(), Math.max(0, n - 2));
        for (Map.Entry<NodeId, Suspicion> e : new ArrayList<>(suspicions.entrySet())) {
            int confirmations = Math.max(0, e.getValue().by().size() - 1);
            long timeout = expected < 1 ? bounds[0] : Math.max(bounds[0], bounds[1] - (long) ((bounds[1] - bounds[0])
                    * Math.log(confirmations + 1) / Math.log(expected + 1)));
            if (now - e.getValue().start() >= timeout) {
                MemberStatus s = others.get(e.getKey());
                set(new Update(s.node(), s.address(), s.incarnation(), MemberState.DEAD, null), now, s);
            }
        }
        for (Iterator<MemberStatus> it = others.values().iterator(); it.hasNext(); ) {
            MemberStatus s = it.next();
            if (s.state().gone() && now - s.sinceMillis() > config.retainMillis()) {
                it.remove(); // forgotten: a return is a join like any other
                news.remove(s.node());
            }
        }
    }

    /** {@code node} answered or spoke, now. */
    void heard(NodeId node, long now) {
        MemberStatus s = node == null ? null : others.get(node);
        if (s != null) {
            others.put(node, new MemberStatus(s.node(), s.address(), s.incarnation(), s.state(), s.sinceMillis(), now));
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
        news.put(u.node(), new News(u, 0));
    }

    /** Up to the piggyback limit of news, least sent first; each is dropped once sent often enough. */
    List<Update> piggyback() {
        if (news.isEmpty()) {
            return List.of();
        }
        int limit = config.retransmits(size());
        List<News> pick = news.values().stream().sorted(Comparator.comparingInt(News::sent))
                .limit(config.piggyback()).toList();
        List<Update> out = new ArrayList<>(pick.size());
        for (News n : pick) {
            out.add(n.update());
            if (n.sent() + 1 >= limit) {
                news.remove(n.update().node());
            } else {
                news.put(n.update().node(), new News(n.update(), n.sent() + 1));
            }
        }
        return out;
    }

    boolean hasNews() {
        return !news.isEmpty();
    }

    /** Every member as an update, this node first: what a sync sends. */
    List<Update> all() {
        List<Update> out = new ArrayList<>(others.size() + 1);
        out.add(selfUpdate());
        others.values().forEach(s -> out.add(new Update(s.node(), s.address(), s.incarnation(), s.state(), null)));
        return out;
    }
}
