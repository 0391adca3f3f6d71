package io.ferry.node;

import io.ferry.api.DeliveryResult;
import io.ferry.api.GetRequest;
import io.ferry.assemble.Assembler;
import io.ferry.assemble.Assembly;
import io.ferry.assemble.AssemblyResult;
import io.ferry.assemble.ChunksMissingException;
import io.ferry.assemble.Deliveries;
import io.ferry.assemble.OutputTarget;
import io.ferry.assemble.SpaceCheck;
import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageRecord;
import io.ferry.trust.NodeId;
import io.ferry.chunk.ZeroChunks;
import io.ferry.exchange.Advertisement;
import io.ferry.exchange.ClusterView;
import io.ferry.exchange.Located;
import io.ferry.exchange.Exchange;
import io.ferry.exchange.Manifests;
import io.ferry.exchange.PlanFeed;
import io.ferry.exchange.PeerProfiles;
import io.ferry.executor.Executor;
import io.ferry.executor.RunResult;
import io.ferry.executor.Target;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestId;
import io.ferry.plan.Plan;
import io.ferry.plan.SourcePlanner;
import io.ferry.plan.Schedule;
import io.ferry.api.PlanView;
import java.util.List;
import io.ferry.store.CacheStore;
import io.ferry.store.LocalChunks;
import io.ferry.store.Seed;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import io.ferry.trust.SignedFact;
import io.ferry.assemble.Provenance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import io.ferry.trust.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery writes image NAME to a path on this node: it finds the image's manifest (here, or from a
 * peer), takes every chunk this node holds (any image, the cache, a partial file of an earlier try), has
 * the executor fetch the rest by the planner's plan when networked, and publishes the verified image
 * atomically (a file) or reads it back verified (a block device); the output path is checked before
 * anything is fetched (never an existing file unless forced, never a seed). Fetched chunks go to the
 * output only: the partial output is served from as it arrives, and the finished output of a new image
 * is recorded as its seed (one copy on disk). Deliveries never write one path at once, nor fetch one
 * image twice (the second waits, then reads the first's output), and each checks the disk has room
 * before it writes anything.
 */
final class Delivery {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    /**
     * How long a delivery waits for its peers' tables before it starts: enough on a healthy link, short of a
     * slow one (3.3 s behind a 2 Mbit/s holder, measured); a late answer is merged when it comes, and an
     * image no table names yet is looked for again after a whole round.
     */
    private static final java.time.Duration START_REFRESH = java.time.Duration.ofSeconds(1);

    /**
     * What a delivery works with; {@code exchange} is null for a node that does not talk to peers; {@code
     * mayRead} is the policy's answer to whether this node may read an image (as its peers apply it).
     */
    record Parts(Catalog catalog, CacheStore cache, LocalStores stores, ZeroChunks zeros, int threads, Manifests manifests,
                 Advertisement advertisement, ClusterView view, Exchange exchange, SourcePlanner planner,
                 PeerProfiles profiles, Executor executor,
                 Function<String, Policy.Decision> mayRead) {
    }

    private final Parts p;
    private final Deliveries deliveries = new Deliveries();

    Delivery(Parts parts) {
        this.p = parts;
    }

    DeliveryResult run(GetRequest req, AtomicLong progress) throws IOException {
        long started = System.nanoTime();
        String name = Manifest.checkName(req.name());
        // refused before anything is asked of a peer: an existing file, a seed, a link, a busy device
        OutputTarget out = OutputTarget.check(Path.of(req.path()), req.force(), p.catalog().images());
        if (p.exchange() != null) {
            p.exchange().refresh(START_REFRESH);
        }
        Found f = find(name);
        Optional<ImageRecord> local = f.local();
        ManifestId manifestId = f.manifestId();
        Manifest m = f.manifest();
        SignedFact binding = f.binding(); // the publisher's, kept and relayed unchanged
        Advertisement ad = p.advertisement();
        try (Deliveries.Held claim = deliveries.claim(out.real());
             LocalChunks here = p.stores().forImage(m.chunks())) {
            SpaceCheck.check(m, out, here, null); // nothing is cached: fetched chunks go to the output only
            ad.startDelivery(manifestId, binding, m.chunks().count());
            try {
                return deliver(name, out, req.sha256(), progress, local.isEmpty(), manifestId, m, binding, here, started);
            } finally {
                ad.endDelivery(manifestId);
            }
        } finally {
            p.stores().limit().enforce();
        }
    }

    /**
     * The plan a delivery of {@code name} would follow now: the chunks not held here and, per peer, what it
     * would be asked for and why. Nothing is fetched; the peers' tables are asked as a delivery would.
     */
    PlanView preview(String name) throws IOException {
        if (p.exchange() == null) {
            throw new IllegalStateException("plan is asked of a running node (ferry node): this one does not talk to peers");
        }
        p.exchange().refresh(START_REFRESH);
        Found f = find(Manifest.checkName(name));
        Manifest m = f.manifest();
        BitSet absent;
        try (LocalChunks here = p.stores().forImage(m.chunks())) {
            absent = Assembler.absent(m.chunks(), here);
        }
        String strategy = p.planner().strategy().word();
        long bytes = absent.stream().mapToLong(i -> m.chunks().length(i)).sum();
        if (absent.isEmpty()) {
            return new PlanView(name, f.manifestId().hex(), strategy, 0, 0, 0, 0, 0, List.of());
        }
        Plan plan = p.planner().plan(f.manifestId(), m.chunks(), absent, p.view().self());
        new PlanFeed(p.view(), p.manifests(), f.manifestId(), m.chunks(), absent, p.profiles()).learn(plan);
        Schedule s = plan.needsReplan() ? plan.replan() : null;
        if (s == null) {
            return new PlanView(name, f.manifestId().hex(), strategy, plan.remaining(), bytes, 0, plan.unheld(), 0, List.of());
        }
        List<PlanView.Peer> peers = s.loads().stream().filter(l -> l.chunks() > 0).map(l -> new PlanView.Peer(
                l.peer().node().value(), l.chunks(), l.bytes(), l.runs(), l.seconds(), l.peer().basis())).toList();
        return new PlanView(name, f.manifestId().hex(), strategy, plan.remaining(), bytes, s.makespan(), s.unplanned(),
                s.remoteBytes(), peers);
    }

    /** An image's manifest: this node's ({@code local}), or the one policy and the publishers decide, from a peer. */
    private record Found(Optional<ImageRecord> local, ManifestId manifestId, Manifest manifest, SignedFact binding) {
    }

    private Found find(String name) throws IOException {
        Optional<ImageRecord> local = p.catalog().image(name);
        if (local.isPresent()) {
            return new Found(local, local.get().manifestId(), p.catalog().manifest(local.get()), local.get().binding());
        }
        Policy.Decision allowed = p.mayRead().apply(name);
        if (!allowed.allowed()) {
            // no peer would serve it: say so now, naming the rule, rather than after asking every one
            throw new ForbiddenImageException("no permitted source for image '" + name + "': " + allowed.rule());
        }
        Located where;
        try {
            where = p.view().locate(name);
        } catch (io.ferry.catalog.UnknownImageException e) { // a peer slower than START_REFRESH may know it
            if (p.exchange() == null) {
                throw e;
            }
            p.exchange().refresh();
            where = p.view().locate(name);
        }
        return new Found(local, where.manifestId(), where.check(p.manifests().get(where.manifestId(), where.addresses())),
                where.fact());
    }

    private DeliveryResult deliver(String name, OutputTarget out, boolean sha256, AtomicLong progress, boolean isNew, ManifestId manifestId,
                                   Manifest m, SignedFact binding, LocalChunks here, long started) throws IOException {
        Advertisement ad = p.advertisement();
        Assembler assembler = new Assembler(p.zeros(), p.threads());
        // the partial output is a seed while it arrives; a failed delivery's kept partial is not served
        try (Assembly a = Assembly.open(m, out, p.zeros(), sha256, progress);
             Closeable arriving = p.stores().arriving(Seed.growing(name, a.writtenAt(), m.chunks(), a::isSettled))) {
            // what no local store names is fetched while the rest is read and written (not after it)
            BitSet absent = p.exchange() == null || a.resumed() ? new BitSet() : Assembler.absent(m.chunks(), here);
            log.info("{}: {} of {} chunks not held here after {} ms", name, absent.cardinality(), m.chunks().count(), ms(started));
            // a second delivery of this image waits until the first has fetched and recorded it
            try (Deliveries.Held turn = absent.isEmpty() ? null : deliveries.fetchTurn(manifestId)) {
                RunResult[] fetched = {null};
                // another delivery of it fetched first (waited for, or done before this one asked): its output is a seed
                boolean stale = turn != null && (turn.waited() || isNew && p.catalog().image(name).isPresent());
                boolean alongside = turn != null && !stale;
                BitSet missing = assembler.fillWhile(a, here, alongside ? () -> fetched[0] = fetch(a, manifestId, absent) : null);
                if (stale) {
                    try (LocalChunks now = p.stores().forImage(m.chunks())) {
                        missing = assembler.fill(a, now);
                    }
                }
                for (int i = 0; i < m.chunks().count(); i++) { // all in place in the partial output, resumed ones too
                    if (a.isSettled(i) && !m.chunks().isZero(i)) {
                        ad.held(manifestId, i);
                    }
                }
                ad.bump();
                if (!missing.isEmpty() && p.exchange() != null) { // a local copy that read wrong, or a resumed file's gaps
                    try (Deliveries.Held more = turn == null ? deliveries.fetchTurn(manifestId) : null) {
                        fetched[0] = RunResult.plus(fetched[0], fetch(a, manifestId, missing));
                    }
                }
                AssemblyResult r = finish(a, fetched[0]);
                log.info("{}: verified and published after {} ms", name, ms(started));
                record(name, a.target(), isNew, m, binding);
                return result(name, a, r, fetched[0], started);
            }
        }
    }

    /** A new image's output is its seed, recorded as an import's file is; two deliveries of it record it once. */
    private void record(String name, Path out, boolean isNew, Manifest m, SignedFact binding) throws IOException {
        synchronized (deliveries) {
            if (isNew && p.catalog().image(name).isEmpty()) {
                Path file = out.toRealPath();
                BasicFileAttributes at = Files.readAttributes(file, BasicFileAttributes.class);
                p.catalog().put(ImageRecord.Holding.SEED, m, file, at.size(), at.lastModifiedTime().toMillis(), binding);
                p.stores().imagesChanged();
                p.advertisement().bump();
            }
        }
    }

    /** Fetches the missing chunks: written where they belong, and advertised once written. */
    private RunResult fetch(Assembly a, ManifestId manifestId, BitSet missing) throws IOException {
        Manifest m = a.manifest();
        Plan plan = p.planner().plan(manifestId, m.chunks(), missing, p.view().self());
        PlanFeed feed = new PlanFeed(p.view(), p.manifests(), manifestId, m.chunks(), missing, p.profiles());
        Target target = new Target(manifestId, m.chunks(), m.chunker().avg(), m.chunker().max());
        Sink sink = new Sink(a, p.advertisement(), manifestId, missing);
        long t0 = System.nanoTime();
        boolean[] first = {true};
        RunResult r = p.executor().run(plan, target, sink, pl -> {
            if (!first[0]) {
                p.exchange().refresh(java.time.Duration.ZERO); // in the background: the run never waits on a peer's table
            }
            first[0] = false;
            feed.learn(pl);
        });
        log.info("{}: {} chunks from peers in {} ms", m.name(), sink.distinct(), ms(t0));
        return r;
    }

    private static AssemblyResult finish(Assembly a, RunResult fetched) throws IOException {
        try {
            return a.finish();
        } catch (ChunksMissingException e) {
            if (fetched == null) {
                throw e;
            }
            throw new ChunksMissingException(fetched.whyMissing(e.missing(), e.getMessage()), e.missing());
        }
    }

    private static DeliveryResult result(String name, Assembly a, AssemblyResult r, RunResult fetched, long started) {
        long localBytes = r.bytesFrom(Provenance.SEED) + r.bytesFrom(Provenance.CACHE) + r.bytesFrom(Provenance.PARTIAL);
        Map<String, Long> byOrigin = new LinkedHashMap<>();
        r.bytesByOrigin().forEach((o, n) -> {
            if (o != Provenance.NETWORK) {
                byOrigin.put(o.label(), n);
            }
        });
        Map<String, Long> byPeer = fetched == null ? Map.of() : byName(fetched.wireByPeer());
        long wire = byPeer.values().stream().mapToLong(Long::longValue).sum();
        return new DeliveryResult(name, a.target().toString(), r.bytesTotal(), r.bytesZero(), localBytes,
                byOrigin, wire, new LinkedHashMap<>(byPeer), r.bytesFrom(Provenance.NETWORK), ms(started) / 1e3,
                a.inPlace() ? "device" : "file", r.sha256() == null ? null : r.sha256().hex(), peers(fetched),
                fetched == null ? 0 : fetched.reassigned());
    }

    private static java.util.List<DeliveryResult.Peer> peers(RunResult fetched) {
        return fetched == null ? java.util.List.of() : fetched.wireByPeer().entrySet().stream().map(e -> {
            double s = fetched.secondsByPeer().getOrDefault(e.getKey(), 0.0);
            return new DeliveryResult.Peer(e.getKey().value(), e.getValue(), s, s > 0 ? e.getValue() * 8 / s / 1e6 : 0);
        }).toList();
    }

    /** The api records key by node id as a plain string. */
    private static <V> Map<String, V> byName(Map<NodeId, V> byNode) {
        Map<String, V> out = new LinkedHashMap<>();
        byNode.forEach((n, v) -> out.put(n.value(), v));
        return out;
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
