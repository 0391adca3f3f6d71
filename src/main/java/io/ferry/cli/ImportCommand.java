package io.ferry.cli;

import io.ferry.chunk.ChunkerParams;
import io.ferry.api.ImportResult;
import io.ferry.api.FerryApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** ferry import: describe an image file as chunks and make it known to this node. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Import an image file: chunk it, record its manifest, keep it as a seed "
        + "(read in place, the default) or copy its chunks into the cache (--copy).")
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    FerryCommand ferry;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The image file (raw disk image or any file).")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "Image name (default: the file name up to its first dot).")
    String name;

    @Option(names = "--copy", description = "Copy the chunks into the cache instead of reading them from FILE in place.")
    boolean copy;

    @Option(names = "--chunker", paramLabel = "KIND", defaultValue = "blockcdc",
            description = "blockcdc (content-defined cuts on the 4 KiB block grid: best for disk images; default), "
                    + "fastcdc (content-defined anywhere: best when data shifts by odd amounts, e.g. archives) or fixed.")
    String chunker;

    @Option(names = "--avg", paramLabel = "SIZE", description = "Average chunk size for blockcdc and fastcdc (power of "
            + "two; min = avg/4, max = 4*avg), block size for fixed. Default: 16K.")
    String avg;

    @Option(names = "--sha256", description = "Also compute the whole image's plain SHA-256 (as sha256sum prints it) and "
            + "record it in the manifest. Costs a pass over every byte, holes included; without it none is computed.")
    boolean sha256;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ChunkerParams.Kind kind = ChunkerParams.Kind.parse(chunker);
        int size = avg == null ? ChunkerParams.defaults().avg() : toInt(io.ferry.util.Sizes.parse(avg));
        ChunkerParams.of(kind, size); // reject nonsense here, before any node is touched
        AtomicLong done = new AtomicLong();
        long total = Files.isRegularFile(file) ? Files.size(file) : 0;
        ImportResult r;
        try (FerryApi api = ferry.api(done::set, new AtomicLong());
             ProgressBar bar = ProgressBar.start("import", ferry.remote() ? 0 : total, done)) {
            r = api.importImage(new io.ferry.api.ImportRequest(file.toAbsolutePath().toString(), name, copy, chunker, size,
                    sha256));
        }
        if (json) {
            Out.json(spec.commandLine().getOut(), r);
        } else {
            spec.commandLine().getOut().printf("imported %s: %s in %d chunks (%s zero), %s, manifest %s, %s at %s%n",
                    r.name(), Out.bytes(r.size()), r.chunks(), Out.bytes(r.zeroBytes()),
                    copy ? "chunks copied to the cache" : "read in place from " + file.toAbsolutePath(),
                    Out.bytes(r.manifestBytes()), Out.seconds(r.seconds()), Out.rate(r.size(), r.seconds()));
            if (r.sha256() != null) {
                spec.commandLine().getOut().printf("  sha256 %s%n", r.sha256());
            }
        }
        return 0;
    }

    private static int toInt(long n) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--avg " + n + " is far too large");
        }
        return (int) n;
    }
}
