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
import io.ferry.executor.Executor;
import io.ferry.executor.Run;
import io.ferry.executor.Target;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestId;
import io.ferry.plan.Plan;
import io.ferry.plan.Planner;
import io.ferry.store.CacheWriter;
import io.ferry.store.CacheStore;
import io.ferry.store.LocalChunks;
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
 * peer that has it), takes every chunk this node holds (from any image, the cache, or a partial file of
 * an earlier try), has the executor fetch the rest from peers by the planner's plan when the node is
 * networked, and publishes the image atomically (a file) or reads it back verified (a block device); the
 * output path is checked before anything is fetched (never an existing file unless forced, never a seed). Chunks fetched are cached and the image is
 * recorded as held here; while it runs, what it has is advertised already, so the next node can
 * fetch from this one. Deliveries on one node never write one path at once (the second is refused) and
 * never fetch one image twice (the second waits for the first's fetch, then takes its chunks from the
 * cache); each checks the disks have room before it writes or fetches anything.
 */
final class Delivery {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    /**
     * How long a delivery waits for its peers' tables before it starts: long enough for peers on a
     * healthy link, short of what a peer behind a slow one takes (measured: 3.3 s of a start behind a
     * 2 Mbit/s holder); its answer is merged whenever it comes, and an image no table names yet is looked
     * for again after a whole round.
     */
    private static final java.time.Duration START_REFRESH = java.time.Duration.ofSeconds(1);

    /**
     * What a delivery works with; {@code exchange} is null for a node that does not talk to peers;
     * {@code mayRead} is the policy's answer to whether this node may read an image (the same policy its
     * peers apply when it asks them).
     */
    record Parts(Catalog catalog, CacheStore cache, LocalStores stores, ZeroChunks zeros, int threads, Manifests manifests,
                 Advertisement advertisement, ClusterView view, Exchange exchange, Planner planner, Executor executor,
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
        Optional<ImageRecord> local = p.catalog().image(name);
        ManifestId manifestId;
        Manifest m;
        SignedFact binding; // the publisher's, kept and relayed unchanged
        if (local.isPresent()) {
            manifestId = local.get().manifestId();
            m = p.catalog().manifest(local.get());
            binding = local.get().binding();
        } else {
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
            manifestId = where.manifestId();
            m = where.check(p.manifests().get(manifestId, where.addresses()));
            binding = where.fact();
        }
        Advertisement ad = p.advertisement();
        try (Deliveries.Held claim = deliveries.claim(out.real());
             LocalChunks here = p.stores().forImage(m.chunks())) {
            SpaceCheck.check(m, out, here, p.exchange() == null ? null : p.cache().root());
            ad.startDelivery(manifestId, binding, m.chunks().count());
            try {
                return deliver(name, out, req.sha256(), progress, local.isEmpty(), manifestId, m, binding, here, started);
            } finally {
                ad.endDelivery(manifestId);
            }
        } finally {
            p.stores().enforceBound();
        }
    }

    private DeliveryResult deliver(String name, OutputTarget out, boolean sha256, AtomicLong progress, boolean isNew, ManifestId manifestId,
                                   Manifest m, SignedFact binding, LocalChunks here, long started) throws IOException {
        Advertisement ad = p.advertisement();
        Assembler assembler = new Assembler(p.zeros(), p.threads());
        try (Assembly a = Assembly.open(m, out, p.zeros(), sha256, progress)) {
            BitSet missing = assembler.fill(a, here);
            log.info("{}: {} of {} chunks not held here after {} ms", name, missing.cardinality(), m.chunks().count(),
                    ms(started));
            // advertise what can be served from seeds and cache; chunks kept in a reused partial file
            // cannot be (the partial file is not a seed), so after a resume only fetched chunks are
            for (int i = 0; i < m.chunks().count() && !a.resumed(); i++) {
                if (!missing.get(i) && !m.chunks().isZero(i)) {
                    ad.held(manifestId, i);
                }
            }
            ad.bump();
            Run.Result fetched = null;
            if (!missing.isEmpty() && p.exchange() != null) {
                try (Deliveries.Held turn = deliveries.fetchTurn(manifestId)) {
                    if (turn.waited()) { // another delivery of this image fetched meanwhile: its chunks are cached
                        missing = assembler.fill(a, here);
                    }
                    if (!missing.isEmpty()) {
                        fetched = fetch(a, manifestId, missing);
                        log.info("{}: fetched and cached after {} ms", name, ms(started));
                    }
                }
            }
            AssemblyResult r = finish(a, fetched);
            log.info("{}: verified and published after {} ms", name, ms(started));
            synchronized (deliveries) { // two deliveries of one new image record it once
                if (isNew && p.catalog().image(name).isEmpty()) {
                    p.cache().sync(); // the chunks it is held by reach the disk before the record says so
                    p.catalog().put(ImageRecord.Holding.COPY, m, null, 0, 0, binding);
                    p.stores().imagesChanged();
                    ad.bump();
                }
            }
            return result(name, a, r, fetched, started);
        }
    }

    /** Fetches the missing chunks: written where they belong, cached, and advertised once cached. */
    private Run.Result fetch(Assembly a, ManifestId manifestId, BitSet missing) throws IOException {
        Manifest m = a.manifest();
        Plan plan = p.planner().plan(manifestId, m.chunks(), missing, p.view().self());
        PlanFeed feed = new PlanFeed(p.view(), p.manifests(), manifestId, m.chunks(), missing);
        Target target = new Target(manifestId, m.chunks(), m.chunker().avg(), m.chunker().max());
        // compressing for the cache runs beside the network; appends to a pack are cheap
        try (CacheWriter cache = new CacheWriter(p.cache(), 2, 1024)) {
            Sink sink = new Sink(a, cache, p.advertisement(), manifestId, missing);
            long t0 = System.nanoTime();
            boolean[] first = {true};
            Run.Result r = p.executor().run(plan, target, sink, pl -> {
                if (!first[0]) {
                    p.exchange().refresh(java.time.Duration.ZERO); // in the background: the run never waits on a peer's table
                }
                first[0] = false;
                feed.learn(pl);
            });
            log.info("{}: {} chunks from peers in {} ms; waiting for the cache", m.name(), sink.distinct(), ms(t0));
            cache.finish();
            return r;
        }
    }

    private static AssemblyResult finish(Assembly a, Run.Result fetched) throws IOException {
        try {
            return a.finish();
        } catch (ChunksMissingException e) {
            if (fetched == null) {
                throw e;
            }
            String why = fetched.unheld() > 0 ? "; " + fetched.unheld() + " distinct chunks had no holder left" : "";
            String dropped = fetched.failures().isEmpty() ? "" : "; peers dropped: "
                    + String.join(", ", byName(fetched.failures()).keySet());
            if (!fetched.refusals().isEmpty()) {
                // the one line says how many chunks had no permitted source and which rule refused them
                Map.Entry<String, String> first = byName(fetched.refusals()).entrySet().iterator().next();
                throw new ChunksMissingException(e.missing() + " chunks had no permitted source: "
                        + String.join(", ", byName(fetched.refusals()).keySet()) + " refused this node (" + first.getKey()
                        + ": " + first.getValue() + ")" + why + dropped, e.missing());
            }
            throw new ChunksMissingException(e.getMessage() + why + dropped, e.missing());
        }
    }

    private static DeliveryResult result(String name, Assembly a, AssemblyResult r, Run.Result fetched, long started) {
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
                a.inPlace() ? "device" : "file", r.sha256() == null ? null : r.sha256().hex());
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
