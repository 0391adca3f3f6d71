package io.ferry.node;

import io.ferry.api.DeliveryResult;
import io.ferry.api.DiffResult;
import io.ferry.api.FerryApi;
import io.ferry.api.GcResult;
import io.ferry.api.ImageView;
import io.ferry.api.ImportRequest;
import io.ferry.api.ImportResult;
import io.ferry.api.InspectView;
import io.ferry.api.PeerView;
import io.ferry.api.TableView;
import io.ferry.api.VerifyReport;
import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageRecord;
import io.ferry.catalog.KnownNode;
import io.ferry.trust.NodeId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkerParams;
import io.ferry.exchange.ClusterView;
import io.ferry.exchange.Manifests;
import io.ferry.exchange.Member;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestId;
import io.ferry.store.CacheBound;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** NodeApi runs the verbs on this node's services; the results are the records of {@code api}. */
final class NodeApi implements FerryApi {
    /** The services the verbs run on. */
    record Parts(Catalog catalog, Importer importer, Delivery delivery, Verifier verifier, LocalStores stores,
                 ClusterView view, Manifests manifests, java.time.Clock clock, Runnable imagesChanged,
                 io.ferry.store.Reserve reserve) {
    }

    private final Parts p;
    private final LongConsumer importProgress;
    private final AtomicLong getProgress;
    private final AutoCloseable owner;

    /** @param owner closed with this API (the node, when the CLI works on a data directory); null: none */
    NodeApi(Parts parts, LongConsumer importProgress, AtomicLong getProgress, AutoCloseable owner) {
        this.p = parts;
        this.importProgress = importProgress;
        this.getProgress = getProgress;
        this.owner = owner;
    }

    @Override
    public ImportResult importImage(ImportRequest r) throws IOException {
        ChunkerParams.Kind kind = ChunkerParams.Kind.parse(r.chunker() == null ? "blockcdc" : r.chunker());
        int avg = r.avg() == null ? ChunkerParams.defaults().avg() : r.avg();
        return p.importer().run(Path.of(r.file()), r.name(), r.copy(), ChunkerParams.of(kind, avg), r.sha256(), importProgress);
    }

    @Override
    public List<ImageView> images() throws IOException {
        List<ImageView> out = new ArrayList<>();
        for (ImageRecord r : p.catalog().images()) {
            out.add(new ImageView(r.name(), r.size(), r.sha256(), r.manifestId().hex(), r.holding().label(), seedFile(r)));
        }
        return out;
    }

    private static String seedFile(ImageRecord r) {
        return r.seedFile() == null ? null : r.seedFile().toString();
    }

    @Override
    public InspectView inspect(String name, boolean withChunks) throws IOException {
        ImageRecord r = p.catalog().require(name);
        Manifest m = p.catalog().manifest(r);
        ChunkList c = m.chunks();
        List<InspectView.Chunk> list = null;
        if (withChunks) {
            list = new ArrayList<>(c.count());
            for (int i = 0; i < c.count(); i++) {
                list.add(new InspectView.Chunk(c.offset(i), c.length(i), c.id(i).toString(), c.isZero(i) ? true : null));
            }
        }
        int zeroChunks = c.count() - nonZero(c);
        ChunkerParams k = m.chunker();
        return new InspectView(m.name(), m.size(), r.sha256(), r.manifestId().hex(),
                Files.size(p.catalog().manifestPath(r.manifestId())),
                new InspectView.Chunker(k.kind().label(), k.min(), k.avg(), k.max()), c.count(), zeroChunks, c.zeroBytes(),
                list, r.holding().label(), seedFile(r));
    }

    private static int nonZero(ChunkList c) {
        int[] n = {0};
        c.forEachNonZero((i, id) -> n[0]++);
        return n[0];
    }

    @Override
    public DeliveryResult get(io.ferry.api.GetRequest r) throws IOException {
        return p.delivery().run(r, getProgress);
    }

    @Override
    public DiffResult diff(String a, String b) throws IOException {
        ChunkList ca = p.catalog().manifest(p.catalog().require(a)).chunks();
        ChunkList cb = p.catalog().manifest(p.catalog().require(b)).chunks();
        Set<io.ferry.chunk.ChunkId> inA = new HashSet<>();
        ca.forEachNonZero((i, id) -> inA.add(id));
        Set<io.ferry.chunk.ChunkId> seenNew = new HashSet<>();
        long[] bytes = new long[3]; // shared, unique, repeated
        cb.forEachNonZero((i, id) -> bytes[inA.contains(id) ? 0 : seenNew.add(id) ? 1 : 2] += cb.length(i));
        return new DiffResult(a, b, cb.size(), bytes[0], bytes[1], bytes[2], cb.zeroBytes(), seenNew.size());
    }

    @Override
    public List<VerifyReport> verify(String name, boolean sha256) throws IOException {
        List<ImageRecord> images = name == null ? p.catalog().images() : List.of(p.catalog().require(name));
        List<VerifyReport> out = new ArrayList<>();
        for (ImageRecord r : images) {
            out.add(p.verifier().verify(r, sha256));
        }
        return out;
    }

    /**
     * Forgets an image. Its chunks stay cached for reuse until gc or the cache bound removes them. Works
     * on a full disk: the catalog's row delete is given the reserve's space.
     */
    @Override
    public void remove(String name) throws IOException {
        p.reserve().freeing(() -> {
            p.catalog().remove(p.catalog().require(name));
            return null;
        });
        p.imagesChanged().run();
    }

    /**
     * Removes every cached chunk no image here needs, and every manifest file that neither an image
     * here nor one a known peer holds refers to. Refused while the catalog and the image records disagree.
     * Works on a full disk: see {@link io.ferry.store.Reserve}.
     */
    @Override
    public GcResult gc() throws IOException {
        p.catalog().requireAgreement(); // never prune by a catalog that lost images
        CacheBound.Outcome r = p.reserve().freeing(() -> p.stores().limit().prune(true));
        Set<ManifestId> referenced = new HashSet<>();
        for (KnownNode e : p.view().all()) {
            e.images().forEach(i -> referenced.add(i.manifestId()));
            e.holdings().forEach(h -> referenced.add(h.manifestId()));
        }
        p.catalog().images().forEach(i -> referenced.add(i.manifestId()));
        return new GcResult(r.removedChunks(), r.removedBytes(), r.keptChunks(), r.keptBytes(),
                p.catalog().removeManifestsExcept(referenced));
    }

    @Override
    public io.ferry.api.PlanView plan(String name) throws IOException {
        return p.delivery().preview(name);
    }

    @Override
    public TableView table(String image, boolean chunks) throws IOException {
        String self = p.view().self().value();
        if (image == null) {
            return new TableView(self, p.view().images().stream().map(i -> new TableView.ImageRow(i.name(),
                    i.manifestId().hex(), i.size(), i.publishers().stream().map(NodeId::value).toList(), i.version(),
                    i.relays(), i.whole(), i.partial())).toList(), null, null, null, null);
        }
        // the manifest the name is bound to here, else the one policy and the publishers' signatures decide
        Optional<ImageRecord> here = p.catalog().image(image);
        ManifestId id = here.isPresent() ? here.get().manifestId() : p.view().locate(image).manifestId();
        List<TableView.NodeRow> nodes = p.view().holders(image, id).stream().map(h -> new TableView.NodeRow(h.node().value(),
                h.address(), h.node().value().equals(self) ? "self" : p.view().state(h.node()), h.version(), h.held(),
                h.chunks(), h.whole(), h.relays())).toList();
        return new TableView(self, null, image, id.hex(), nodes, chunks ? chunks(id) : null);
    }

    private List<TableView.ChunkRow> chunks(ManifestId id) throws IOException {
        List<KnownNode> nodes = p.view().all();
        ChunkList c = p.manifests().get(id, nodes.stream().map(KnownNode::address).filter(a -> a != null).toList()).chunks();
        List<Set<NodeId>> holders = p.view().holdersPerChunk(id, c, (m, address) -> p.manifests().storedChunks(m));
        List<TableView.ChunkRow> rows = new ArrayList<>(c.count());
        for (int i = 0; i < c.count(); i++) {
            rows.add(new TableView.ChunkRow(i, c.offset(i), c.length(i), c.id(i).toString(), c.isZero(i),
                    holders.get(i).stream().map(NodeId::value).toList()));
        }
        return rows;
    }

    @Override
    public List<PeerView> peers() throws IOException {
        long now = p.clock().millis();
        List<PeerView> out = new ArrayList<>();
        for (Member m : p.view().members()) {
            out.add(new PeerView(m.node() == null ? null : m.node().value(), m.address(), m.version(), m.images(),
                    m.node() == null ? null : now - m.lastSeenMillis(), m.reachable(), m.site(), m.state(), m.bytes()));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (owner != null) {
            try {
                owner.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
