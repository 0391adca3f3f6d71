package io.ferry.store;

import com.github.luben.zstd.Zstd;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** OldLayout is the cache of the time before packs: one zstd file per chunk, moved into packs on open. */
final class OldLayout {
    private static final Logger log = LoggerFactory.getLogger(OldLayout.class);

    private OldLayout() {
    }

    /**
     * Moves chunks from the layout before packs ({@code <2 hex>/<64 hex>.cacnk}, one file each) into a
     * pack, verifying each on the way; a file that does not match its name is dropped.
     */
    static void migrate(Path root, WritableChunkStore into) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("[0-9a-f]{2}")).toList();
        }
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String n = f.getFileName().toString();
                    if (n.matches("[0-9a-f]{64}\\.cacnk")) {
                        ChunkId id = ChunkId.parseHex(n.substring(0, 64));
                        byte[] frame = Files.readAllBytes(f);
                        long size = Zstd.getFrameContentSize(frame);
                        if (size > 0 && size <= ChunkerParams.LARGEST) {
                            byte[] data = new byte[(int) size];
                            try {
                                if (Zstd.decompressByteArray(data, 0, data.length, frame, 0, frame.length) == size
                                        && new Sha256().digest(data, 0, data.length).equals(id)) {
                                    into.put(id, data, 0, data.length);
                                }
                            } catch (RuntimeException e) {
                                log.info("dropping damaged chunk file {}", f);
                            }
                        }
                    }
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
        if (!dirs.isEmpty()) {
            log.info("moved the chunk files of {} directories into packs", dirs.size());
        }
    }

}
