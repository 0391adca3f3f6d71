package io.ferry.cli;

import io.ferry.chunk.ChunkerParams;
import io.ferry.api.DeliveryResult;
import io.ferry.api.DiffResult;
import io.ferry.api.FerryApi;
import io.ferry.api.ImportResult;
import io.ferry.node.NodeConfig;
import io.ferry.node.NodeDaemon;
import io.ferry.trust.CertificateAuthority;
import io.ferry.trust.Credentials;
import io.ferry.trust.DenyList;
import io.ferry.trust.NodeId;
import io.ferry.trust.Policy;
import io.ferry.trust.Role;
import io.ferry.trust.Trust;
import io.ferry.transfer.ServeOptions;
import io.ferry.transfer.RemoteApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * ferry demo: Ferry's main job on an embedded default. Three nodes start on loopback, each with its
 * own data directory and HTTP server. Node a imports two related images; node b receives v1 cold,
 * then the v2 update (only what v1 lacks moves); node c receives v2 from a and b together. Every
 * delivery is verified and says where its bytes came from. It uses the real Debian images from
 * shared/vmimages/make-images.sh when they are in $FERRY_IMAGES (or ~/.cache/ferry-images), else
 * generated ones, and works in a temporary folder, removed at the end unless --keep.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Start three nodes on loopback, import two "
        + "related images on one, deliver them to the others, and show where each byte came from.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Option(names = "--generated", description = "Use generated images even when real ones are at hand.")
    boolean generated;

    @Option(names = "--keep", description = "Keep the demo's folder instead of deleting it.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("ferry-demo-");
        List<NodeDaemon> nodes = new ArrayList<>();
        try {
            Path[] images = images(work, out);
            NodeDaemon a = start(work, "a", List.of(), nodes);
            NodeDaemon b = start(work, "b", List.of(a.address()), nodes);
            NodeDaemon c = start(work, "c", List.of(a.address(), b.address()), nodes);
            out.printf("%nthree nodes on loopback, TLS 1.3 with certificates from a fresh cluster CA: a %s, b %s, c %s "
                    + "(chunker %s)%n", a.address(), b.address(),
                    c.address(), ChunkerParams.defaults().describe());
            try (FerryApi onA = RemoteApi.local(a.socket()); FerryApi onB = RemoteApi.local(b.socket());
                 FerryApi onC = RemoteApi.local(c.socket())) {
                for (Path img : images) {
                    ImportResult r = onA.importImage(new io.ferry.api.ImportRequest(img.toString(), null, false, null, null, true));
                    out.printf("  a imports %-3s %9s in %6d chunks, %9s of it zero; manifest %s%n", r.name(),
                            Out.bytes(r.size()), r.chunks(), Out.bytes(r.zeroBytes()), Out.bytes(r.manifestBytes()));
                }
                DiffResult d = onA.diff("v1", "v2");
                out.printf("%nv2 against v1: %s zero (never moves), %s shared with v1, %s new%n",
                        Out.bytes(d.zeroBytes()), Out.bytes(d.sharedBytes()), Out.bytes(d.uniqueBytes() + d.repeatedBytes()));
                out.printf("%n%-34s %9s %9s %9s %10s %8s%n", "delivery", "image", "zero", "local", "wire", "time");
                show(out, "b gets v1 (holds nothing)", onB.get(new io.ferry.api.GetRequest("v1", work.resolve("b-v1.img").toString(), false, true)));
                show(out, "b gets v2 (holds v1)", onB.get(new io.ferry.api.GetRequest("v2", work.resolve("b-v2.img").toString(), false, true)));
                show(out, "c gets v2 (from a and b)", onC.get(new io.ferry.api.GetRequest("v2", work.resolve("c-v2.img").toString(), false, true)));
                String want = onA.inspect("v2", false).sha256();
                out.printf("%nevery chunk verified on arrival, and each image's SHA-256 (get --sha256) checked; v2 is %s%n", want);
            }
        } finally {
            for (NodeDaemon n : nodes) {
                n.close();
            }
            if (keep) {
                out.printf("%nkept %s%n", work);
            } else {
                deleteTree(work);
            }
        }
        return 0;
    }

    /**
     * Starts node {@code id} as an operator would run it on a network: with a certificate from the demo's
     * own cluster CA, speaking TLS 1.3 with certificates both ways to its peers.
     */
    private static NodeDaemon start(Path work, String id, List<String> peers, List<NodeDaemon> started) throws IOException {
        Path ca = work.resolve("ca");
        if (!Files.exists(ca)) {
            CertificateAuthority.init(ca);
        }
        Path certs = work.resolve("certs-" + id);
        CertificateAuthority.issue(ca, NodeId.of(id), null, Role.NODE, 1, certs);
        Trust trust = new Trust(Credentials.load(certs), Policy.open(), DenyList.none());
        NodeConfig config = NodeConfig.daemon(work.resolve(id), 0, id, "127.0.0.1:0",
                io.ferry.exchange.ExchangeConfig.gossip(peers, Duration.ofSeconds(1)))
                .withTrust(trust);
        NodeDaemon d = NodeDaemon.start(config, "127.0.0.1", 0, ServeOptions.defaults());
        started.add(d);
        return d;
    }

    private static void show(PrintWriter out, String what, DeliveryResult r) {
        StringBuilder from = new StringBuilder();
        for (Map.Entry<String, Long> e : r.bytesFetchedByPeer().entrySet()) {
            from.append(from.length() == 0 ? "  wire from " : ", ").append(e.getKey()).append(' ').append(Out.bytes(e.getValue()));
        }
        out.printf("%-34s %9s %9s %9s %10s %8s%s%n", what, Out.bytes(r.bytesTotal()), Out.bytes(r.bytesZero()),
                Out.bytes(r.bytesLocal()), Out.bytes(r.bytesFetched()), Out.seconds(r.seconds()), from);
    }

    private Path[] images(Path work, PrintWriter out) throws IOException {
        String env = System.getenv("FERRY_IMAGES");
        Path real = env != null ? Paths.get(env) : Paths.get(System.getProperty("user.home"), ".cache", "ferry-images");
        if (!generated && Files.isRegularFile(real.resolve("v1.raw")) && Files.isRegularFile(real.resolve("v2.raw"))) {
            out.printf("Using the real Debian images in %s (v2 = v1 + a web-server role)%n", real);
            return new Path[] {real.resolve("v1.raw"), real.resolve("v2.raw")};
        }
        Path v1 = work.resolve("v1.img");
        Path v2 = work.resolve("v2.img");
        DemoImages.write(v1, v2);
        out.printf("Generated two related disk-like images of %s (no real image found in %s)%n",
                Out.bytes(Files.size(v2)), real);
        return new Path[] {v1, v2};
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
