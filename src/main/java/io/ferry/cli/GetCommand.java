package io.ferry.cli;

import io.ferry.assemble.AssemblyResult;
import io.ferry.node.Node;
import io.ferry.store.Origin;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry get: write an image out, verified, sparse, published atomically. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Write an image to a file: every chunk and the whole image verified, "
        + "zero chunks left as holes, the file appearing at PATH only when complete.")
final class GetCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", required = true, description = "Where to write the image.")
    Path output;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AtomicLong done = new AtomicLong();
        AssemblyResult r;
        try (Node node = ferry.openNode()) {
            long size = node.catalog().require(name).size();
            try (ProgressBar bar = ProgressBar.start("get", size, done)) {
                r = node.get(name, output, done);
            }
        }
        long local = r.bytesFrom(Origin.SEED) + r.bytesFrom(Origin.CACHE) + r.bytesFrom(Origin.PARTIAL);
        if (json) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("image", name);
            v.put("path", output.toAbsolutePath().toString());
            v.put("bytes_total", r.bytesTotal());
            v.put("bytes_zero", r.bytesZero());
            v.put("bytes_local", local);
            Map<String, Long> by = new LinkedHashMap<>();
            r.bytesByOrigin().forEach((o, n) -> by.put(o.label(), n));
            v.put("bytes_local_by_origin", by);
            v.put("bytes_fetched", 0L);
            v.put("bytes_fetched_by_peer", Map.of());
            v.put("seconds", r.seconds());
            Out.json(spec.commandLine().getOut(), v);
        } else {
            spec.commandLine().getOut().printf("wrote %s: %s (%s zero, left as holes; %s from seeds, %s from cache, "
                            + "%s already in place), verified, in %s%n", output, Out.bytes(r.bytesTotal()),
                    Out.bytes(r.bytesZero()), Out.bytes(r.bytesFrom(Origin.SEED)), Out.bytes(r.bytesFrom(Origin.CACHE)),
                    Out.bytes(r.bytesFrom(Origin.PARTIAL)), Out.seconds(r.seconds()));
        }
        return 0;
    }
}
