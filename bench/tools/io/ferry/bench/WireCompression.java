package io.ferry.bench;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkerParams;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * WireCompression measures what the new chunks of an update cost on the wire: each chunk compressed
 * on its own (as single-chunk GETs and casync send them) against all of them as one zstd stream (as
 * Ferry's batches and runs send them), at several levels. Usage: WireCompression OLD NEW [AVG].
 */
public final class WireCompression {
    public static void main(String[] args) throws IOException {
        ChunkerParams p = ChunkerParams.blockCdc(args.length > 2 ? Integer.parseInt(args[2]) : 16384);
        ChunkList old = ImageChunks.of(Path.of(args[0]), p);
        ChunkList neu = ImageChunks.of(Path.of(args[1]), p);
        Set<ChunkId> have = new HashSet<>();
        for (int i = 0; i < old.count(); i++) {
            have.add(old.id(i));
        }
        System.out.printf("| zstd level | new chunk bytes | chunk by chunk | one stream | stream saves |%n|---|---|---|---|---|%n");
        for (int level : new int[] {1, 3, 9, 19}) {
            long raw = 0;
            long perChunk = 0;
            ImageChunks.CountingStream counted = new ImageChunks.CountingStream();
            Set<ChunkId> sent = new HashSet<>();
            try (FileChannel in = FileChannel.open(Path.of(args[1]));
                 ZstdOutputStream stream = new ZstdOutputStream(counted, level)) {
                for (int i = 0; i < neu.count(); i++) {
                    if (neu.isZero(i) || have.contains(neu.id(i)) || !sent.add(neu.id(i))) {
                        continue;
                    }
                    ByteBuffer b = ByteBuffer.allocate(neu.length(i));
                    in.read(b, neu.offset(i));
                    byte[] bytes = b.array();
                    raw += bytes.length;
                    perChunk += Zstd.compress(bytes, level).length;
                    stream.write(bytes);
                }
            }
            System.out.printf("| %d | %.1f MB | %.1f MB | %.1f MB | %.0f%% |%n", level, raw / 1e6, perChunk / 1e6,
                    counted.n / 1e6, 100.0 * (perChunk - counted.n) / perChunk);
        }
    }
}
