package io.ferry.node;

import io.ferry.api.FerryApi;
import io.ferry.catalog.Catalog;
import io.ferry.catalog.DataDir;
import io.ferry.trust.NodeId;
import io.ferry.catalog.NodeIdentity;
import io.ferry.chunk.ZeroChunks;
import io.ferry.exchange.Advertisement;
import io.ferry.exchange.ClusterView;
import io.ferry.exchange.Exchange;
import io.ferry.exchange.Manifests;
import io.ferry.executor.Executor;
import io.ferry.catalog.PeerHistories;
import io.ferry.exchange.PeerProfiles;
import io.ferry.store.CacheStore;
import io.ferry.exchange.ReadAccess;
import io.ferry.transfer.ApiRoutes;
import io.ferry.transfer.BadRequests;
import io.ferry.transfer.ChunkServer;
import io.ferry.transfer.HttpServer;
import io.ferry.transfer.PeerClient;
import io.ferry.transfer.Router;
import io.ferry.transfer.Routes;
import io.ferry.transfer.ServeOptions;
import io.ferry.transfer.ServerLimits;
import io.ferry.trust.Identity;
import io.ferry.trust.Role;
import io.ferry.transfer.Transport;
import io.ferry.trust.FactKeys;
import io.ferry.util.Threads;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Node is the composition root: it opens a data directory (holding its lock), builds every service of
 * one node from the configuration, hands each its collaborators, and closes them in order. It runs
 * nothing itself; the verbs are {@link NodeApi}, the daemon is {@link NodeDaemon}.
 */
public final class Node implements AutoCloseable {
    /** How long a chunk request may wait for any byte; its body is watched by its Call (transfer.Call). */
    private static final Duration REQUEST = Duration.ofSeconds(15);
    /** How often a running delivery re-learns who holds what. */
    private static final Duration DELIVERY_REFRESH = Duration.ofSeconds(1);

    private final NodeConfig config;
    private final DataDir dir;
    private final Catalog catalog;
    private final CacheStore cache;
    /** Given up so that rm and gc work on a full disk. */
    private final io.ferry.store.Reserve reserve;
    private final LocalStores stores;
    private final Advertisement advertisement;
    private final Exchange exchange;
    private final ClusterView view;
    /** The one place this node's HTTP client and listeners are made. */
    private final Transport transport;
    private final ExecutorService fetchPool = Executors.newCachedThreadPool(Threads.daemon("fetch"));
    private final Importer importer;
    private final Delivery delivery;
    private final Verifier verifier;
    private final Manifests manifests;
    private final io.ferry.exchange.Recheck recheck;
    private final PeerHistories histories;

    private Node(NodeConfig config, DataDir dir, NodeId id, ZeroChunks zeros, Catalog catalog, CacheStore cache,
                 FactKeys keys, io.ferry.store.Reserve reserve) throws IOException {
        this.reserve = reserve;
        this.config = config;
        this.dir = dir;
        this.catalog = catalog;
        this.cache = cache;
        this.stores = new LocalStores(catalog, cache, config.cacheMax());
        this.transport = Transport.of(config.trust(), config.clock());
        this.advertisement = new Advertisement(id, catalog, config.clock(), keys.signer());
        PeerClient client = new PeerClient(transport, REQUEST);
        this.exchange = io.ferry.exchange.Exchanges.open(config.exchange(), advertisement, catalog.cluster(), client,
                config.clock());
        this.view = new ClusterView(advertisement, catalog.cluster(), exchange, keys.verifier(), config.trust().policy());
        transport.addressBook(view::claimants);
        this.manifests = new Manifests(catalog, client, config.clock());
        this.importer = new Importer(catalog, cache, zeros, config.threads(), stores, this::imagesChanged,
                advertisement::publish);
        this.verifier = new Verifier(catalog, stores);
        this.recheck = new io.ferry.exchange.Recheck(catalog, advertisement, stores::serving);
        this.histories = config.networked() ? PeerHistories.open(dir.peers()) : null; // only a daemon fetches
        Executor executor = new Executor(client, fetchPool, config.clock(), DELIVERY_REFRESH, histories);
        PeerProfiles profiles = new PeerProfiles(config.planning(), histories, selfIdentity(config.trust()).site());
        this.delivery = new Delivery(new Delivery.Parts(catalog, cache, stores, zeros, config.threads(), manifests,
                advertisement, view, config.networked() ? exchange : null, new io.ferry.plan.SourcePlanner(config.planning().strategy()), profiles, executor,
                name -> config.trust().policy().mayRead(selfIdentity(config.trust()), name)));
    }

    /** Who this node is to its peers: its certificate's identity, or nobody in particular in plaintext. */
    private static Identity selfIdentity(io.ferry.trust.Trust trust) {
        return trust.tls() ? trust.credentials().identity() : Identity.unverified();
    }

    public static Node open(NodeConfig config) throws IOException {
        return open(config, id -> FactKeys.of(config.trust(), id, config.clock()));
    }

    /** Opens a node that signs and checks facts with the {@code keys} of its id (tests give their own). */
    static Node open(NodeConfig config, Function<NodeId, FactKeys> keys) throws IOException {
        DataDir dir = DataDir.open(config.dataDir(), config.address());
        try {
            NodeId id = NodeIdentity.load(dir.root(), config.id());
            ZeroChunks zeros = new ZeroChunks();
            FactKeys k = keys.apply(id);
            io.ferry.store.Reserve reserve = io.ferry.store.Reserve.open(dir.root()); // before the catalog: see open
            Catalog catalog = new Catalog(dir.catalog(), dir.manifests(), zeros, id, config.clock(), k.verifier());
            return new Node(config, dir, id, zeros, catalog, new CacheStore(dir.cache(), config.clock()), k,
                    reserve);
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    public NodeId id() {
        return advertisement.id();
    }

    /**
     * The verbs on this node. Progress of imports and gets is reported to the given counters;
     * {@code ownsNode}: closing the API closes the node.
     */
    public FerryApi api(LongConsumer importProgress, AtomicLong getProgress, boolean ownsNode) {
        return new NodeApi(new NodeApi.Parts(catalog, importer, delivery, verifier, stores, view, manifests, config.clock(),
                this::imagesChanged, reserve), importProgress, getProgress, ownsNode ? this : null);
    }

    /**
     * Listens on {@code host:port} (0: any free port) for what this node answers its peers: chunks and
     * manifests, the table. Nothing else: the verbs are on {@link #listenLocal} and {@link #listenAdmin}.
     */
    HttpServer listen(String host, int port, int workers, ServeOptions options) throws IOException {
        List<Routes> routes = List.of(new ChunkServer(catalog, cache, stores::serving, options,
                new ReadAccess(config.trust().policy(), catalog, advertisement), recheck::lost), exchange.routes());
        return transport.listen(host, port, ServerLimits.peers(workers), new Router(routes, new BadRequests(config.clock())));
    }

    /** Serves the verbs to this machine's operator on {@code DIR/ferry.sock}, private to the node's user. */
    HttpServer listenLocal() throws IOException {
        Identity operator = new Identity(id(), null, Role.OPERATOR, null, true);
        return HttpServer.unix(dir.socket(), operator, ServerLimits.operator(), operatorRoutes());
    }

    /** Serves the verbs on {@code host:port} over mutual TLS, to callers with an operator's certificate. */
    HttpServer listenAdmin(String host, int port) throws IOException {
        return transport.listenSecure(host, port, ServerLimits.operator(), operatorRoutes());
    }

    private Router operatorRoutes() {
        return new Router(List.of(new ApiRoutes(api(n -> { }, new AtomicLong(), false))), new BadRequests(config.clock()));
    }

    /** The node now serves at {@code address}: peers are told, and so are CLI users (in the lock file). */
    void listening(String address) throws IOException {
        advertisement.address(address);
        dir.advertise(address);
        exchange.start(config.exchange().interval());
    }

    java.nio.file.Path socket() {
        return dir.socket();
    }

    String address() {
        return advertisement.address();
    }

    /** Indexes over the images are rebuilt, and peers see a newer entry. Call after the change. */
    private void imagesChanged() {
        stores.imagesChanged();
        advertisement.bump();
    }

    @Override
    public void close() throws IOException {
        exchange.close();
        recheck.close();
        fetchPool.shutdownNow();
        try {
            catalog.close();
            if (histories != null) {
                histories.close();
            }
            cache.close(); // its packs: a node closed in a JVM that goes on must not hold their files open
        } finally {
            dir.close();
        }
    }
}
