package io.ferry.bench;

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
 * Floor is what a delivery must move at least, by the benchmark suite's definition: the chunks of
 * the target (Ferry's default chunking) that are neither held nor all-zero, each once, compressed
 * together as one zstd level-3 stream. Usage: Floor TARGET [HELD...]; prints "RAW_BYTES ZSTD_BYTES".
 */
public final class Floor {
    public static void main(String[] args) throws IOException {
        ChunkerParams p = ChunkerParams.blockCdc(16384);
        Set<ChunkId> have = new HashSet<>();
        for (int h = 1; h < args.length; h++) {
            ChunkList held = ImageChunks.of(Path.of(args[h]), p);
            for (int i = 0; i < held.count(); i++) {
                if (!held.isZero(i)) {
                    have.add(held.id(i));
                }
            }
        }
        ChunkList target = ImageChunks.of(Path.of(args[0]), p);
        long raw = 0;
        ImageChunks.CountingStream counted = new ImageChunks.CountingStream();
        ByteBuffer b = ByteBuffer.allocate(ChunkerParams.LARGEST);
        try (FileChannel in = FileChannel.open(Path.of(args[0]));
             ZstdOutputStream stream = new ZstdOutputStream(counted, 3)) {
            for (int i = 0; i < target.count(); i++) {
                if (target.isZero(i) || !have.add(target.id(i))) {
                    continue;
                }
                b.clear().limit(target.length(i));
                long at = target.offset(i);
                while (b.hasRemaining()) {
                    if (in.read(b, at + b.position()) < 0) {
                        throw new IOException(args[0] + " changed while reading it");
                    }
                }
                raw += target.length(i);
                stream.write(b.array(), 0, target.length(i));
            }
        }
        System.out.println(raw + " " + counted.n);
    }
}
