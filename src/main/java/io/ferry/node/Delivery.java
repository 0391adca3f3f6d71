package io.ferry.node;

import io.ferry.assemble.Assembler;
import io.ferry.assemble.Assembly;
import io.ferry.assemble.AssemblyResult;
import io.ferry.catalog.ImageRecord;
import io.ferry.catalog.TableEntry;
import io.ferry.catalog.UnknownImageException;
import io.ferry.manifest.Manifest;
import io.ferry.store.LocalChunks;
import io.ferry.store.Origin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery writes image NAME to a path on this node: it finds the image's manifest (here, or from a
 * peer that has it), takes every chunk this node holds (from any image, the cache, or a partial file
 * of an earlier try), fetches the rest from peers when the node is networked, and publishes the
 * verified image atomically. Chunks fetched are cached and the image is recorded as held here, so
 * the next node can fetch from this one; while it runs, what it has is advertised already.
 */
final class Delivery {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Delivery.class);
    private final Node node;

    Delivery(Node node) {
        this.node = node;
    }

    DeliveryResult run(String name, Path out, AtomicLong progress) throws IOException {
        long started = System.nanoTime();
        Manifest.checkName(name);
        if (node.config().networked()) {
            node.poller().refresh();
        }
        Optional<ImageRecord> local = node.catalog().image(name);
        String manifestId;
        Manifest m;
        if (local.isPresent()) {
            manifestId = local.get().manifestId();
            m = node.catalog().manifest(local.get());
        } else {
            Located where = locate(name);
            manifestId = where.manifestId();
            m = node.manifestFromPeers(manifestId, where.addresses()).withName(name);
        }
        LocalState state = node.state();
        state.startDelivery(manifestId, name, m.size(), m.digest().toString(), m.chunks().count());
        try (Assembly a = Assembly.open(m, out, node.zeros(), progress);
             LocalChunks here = node.localChunks(m.chunks())) {
            BitSet missing = new Assembler(node.zeros(), node.config().threads()).fill(a, here);
            log.info("{}: {} of {} chunks not held here after {} ms", name, missing.cardinality(), m.chunks().count(),
                    (System.nanoTime() - started) / 1_000_000);
            // advertise what can be served from seeds and cache; chunks kept in a reused partial file
            // cannot be (the partial file is not a seed), so after a resume only fetched chunks are
            for (int i = 0; i < m.chunks().count() && !a.resumed(); i++) {
                if (!missing.get(i) && !m.chunks().isZero(i)) {
                    state.held(manifestId, i);
                }
            }
            state.bump();
            Fetcher fetcher = null;
            if (!missing.isEmpty() && node.config().networked()) {
                fetcher = new Fetcher(node, node.client(), node.poller(), state, a, manifestId, missing);
                fetcher.run();
                log.info("{}: fetched and cached after {} ms", name, (System.nanoTime() - started) / 1_000_000);
            }
            AssemblyResult r;
            try {
                r = a.finish();
                log.info("{}: verified and published after {} ms", name, (System.nanoTime() - started) / 1_000_000);
            } catch (io.ferry.assemble.ChunksMissingException e) {
                if (fetcher != null && !fetcher.failures().isEmpty()) {
                    throw new io.ferry.assemble.ChunksMissingException(e.getMessage() + "; peers dropped: "
                            + String.join(", ", fetcher.failures().keySet()), e.missing());
                }
                throw e;
            }
            if (local.isEmpty()) {
                node.catalog().put(ImageRecord.Holding.COPY, m, null, 0, 0);
                node.imagesChanged();
            }
            long localBytes = r.bytesFrom(Origin.SEED) + r.bytesFrom(Origin.CACHE) + r.bytesFrom(Origin.PARTIAL);
            Map<String, Long> byOrigin = new LinkedHashMap<>();
            r.bytesByOrigin().forEach((o, n) -> {
                if (o != Origin.NETWORK) {
                    byOrigin.put(o.label(), n);
                }
            });
            Map<String, Long> byPeer = fetcher == null ? Map.of() : fetcher.wireByPeer();
            long wire = byPeer.values().stream().mapToLong(Long::longValue).sum();
            return new DeliveryResult(name, out.toAbsolutePath().toString(), r.bytesTotal(), r.bytesZero(), localBytes,
                    byOrigin, wire, new HashMap<>(byPeer), r.bytesFrom(Origin.NETWORK),
                    (System.nanoTime() - started) / 1e9);
        } finally {
            state.endDelivery(manifestId);
            if (node.config().cacheMax() > 0) {
                node.enforceCacheBound();
            }
        }
    }

    /** Where an image known only to peers is: its manifest id and the peers to ask for the manifest. */
    private record Located(String manifestId, List<String> addresses) {
    }

    /** Of the manifests peers give this name, the one the most nodes hold complete. */
    private Located locate(String name) throws IOException {
        Map<String, Integer> votes = new HashMap<>();
        Map<String, List<String>> where = new HashMap<>();
        for (TableEntry e : node.catalog().cluster().entries()) {
            for (TableEntry.ImageEntry i : e.images()) {
                if (i.name().equals(name)) {
                    votes.merge(i.manifestId(), i.complete() ? 2 : 1, Integer::sum);
                    where.computeIfAbsent(i.manifestId(), k -> new ArrayList<>()).add(e.address());
                }
            }
        }
        String best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElseThrow(() -> new UnknownImageException(name));
        return new Located(best, where.get(best));
    }
}
