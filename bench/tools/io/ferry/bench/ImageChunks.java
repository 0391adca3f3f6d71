package io.ferry.bench;

import io.ferry.chunk.ChunkList;
import io.ferry.chunk.ChunkSink;
import io.ferry.chunk.ChunkerParams;
import io.ferry.chunk.ChunkingPipeline;
import io.ferry.chunk.ZeroChunks;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** What the bench tools share: an image's chunk list, and an output stream that only counts bytes. */
final class ImageChunks {
    private ImageChunks() {
    }

    /** The chunks of the image file F as Ferry's import cuts them with P. */
    static ChunkList of(Path f, ChunkerParams p) throws IOException {
        try (FileChannel in = FileChannel.open(f); ChunkingPipeline pipe = new ChunkingPipeline(p, 2, new ZeroChunks())) {
            return pipe.scan(in, ChunkSink.NONE, n -> { }).chunks();
        }
    }

    /** Discards what is written and counts it in {@code n}. */
    static final class CountingStream extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }
}
