package io.ferry.cli;

import io.ferry.assemble.AssemblyResult;
import io.ferry.chunk.ChunkerParams;
import io.ferry.node.DiffResult;
import io.ferry.node.ImportResult;
import io.ferry.node.Node;
import io.ferry.node.NodeConfig;
import io.ferry.store.Origin;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * ferry demo: Ferry's main job on an embedded default. Two related images are imported into a fresh
 * node, compared, and the newer one is reassembled and verified, showing what chunk reuse and zero
 * handling save. It uses the real Debian images from shared/vmimages/make-images.sh when they are in
 * $FERRY_IMAGES (or ~/.cache/ferry-images), else generated ones. It never touches the user's own data
 * directory: everything lives in a temporary folder, removed at the end unless --keep.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Import two related images into a fresh node, compare them, reassemble "
        + "and verify the newer one.")
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
        try {
            Path[] images = images(work, out);
            NodeConfig config = NodeConfig.of(work.resolve("node"), 0);
            try (Node node = Node.open(config)) {
                ChunkerParams params = ChunkerParams.defaults();
                out.printf("%nnode data directory: %s (chunker %s)%n", node.dataDir(), params.describe());
                for (Path img : images) {
                    ImportResult r = node.importer().run(img, null, false, params, n -> { });
                    out.printf("  import %-3s %9s in %6d chunks, %9s of it zero; manifest %s; %s%n", r.name(),
                            Out.bytes(r.size()), r.chunks(), Out.bytes(r.zeroBytes()), Out.bytes(r.manifestBytes()),
                            Out.rate(r.size(), r.seconds()));
                }
                DiffResult d = node.diff("v1", "v2");
                long naive = d.sizeB();
                out.printf("%nDelivering v2 to a node that holds v1:%n");
                out.printf("  a plain copy moves          %9s%n", Out.bytes(naive));
                out.printf("  zero chunks (never move)    %9s  %s%n", Out.bytes(d.zeroBytes()), Out.percent(d.zeroBytes(), naive));
                out.printf("  chunks v1 already has       %9s  %s%n", Out.bytes(d.sharedBytes()), Out.percent(d.sharedBytes(), naive));
                if (d.repeatedBytes() > 0) {
                    out.printf("  repeats inside v2           %9s  %s%n", Out.bytes(d.repeatedBytes()),
                            Out.percent(d.repeatedBytes(), naive));
                }
                out.printf("  Ferry moves only            %9s  %s of the image%n", Out.bytes(d.uniqueBytes()),
                        Out.percent(d.uniqueBytes(), naive));
                Path target = work.resolve("v2.out.img");
                AssemblyResult a = node.get("v2", target, new AtomicLong());
                out.printf("%nReassembled v2 from local chunks into %s in %s:%n", target, Out.seconds(a.seconds()));
                out.printf("  %s read from seeds and written, %s left as holes (never written)%n",
                        Out.bytes(a.bytesFrom(Origin.SEED)), Out.bytes(a.bytesZero()));
                out.printf("  every chunk and the whole-image SHA-256 verified: %s%n",
                        node.manifest("v2").digest());
            }
        } finally {
            if (keep) {
                out.printf("%nkept %s%n", work);
            } else {
                deleteTree(work);
            }
        }
        return 0;
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
