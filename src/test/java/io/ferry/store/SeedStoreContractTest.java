package io.ferry.store;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class SeedStoreContractTest extends ChunkStoreContract {
    /** A seed file of {@code chunks} back to back, and its chunk list. */
    static Seed seedOf(Path file, List<byte[]> chunks) throws IOException {
        ChunkList.Builder b = new ChunkList.Builder();
        try (var out = Files.newOutputStream(file)) {
            for (byte[] c : chunks) {
                out.write(c);
                b.add(id(c), c.length, false);
            }
        }
        return new Seed("seed", file, b.build(), Files.size(file), Files.getLastModifiedTime(file).toMillis());
    }

    /** Flips a byte in the middle of chunk {@code id} of a seed file. */
    static void flipByteOf(Seed seed, ChunkId id) throws IOException {
        ChunkList c = seed.chunks();
        for (int i = 0; i < c.count(); i++) {
            if (c.id(i).equals(id)) {
                try (RandomAccessFile f = new RandomAccessFile(seed.file().toFile(), "rw")) {
                    long at = c.offset(i) + c.length(i) / 2;
                    f.seek(at);
                    int v = f.read();
                    f.seek(at);
                    f.write(v ^ 0x20);
                }
            }
        }
    }

    @Override
    Fixture holding(Path dir, List<byte[]> chunks) throws IOException {
        Seed seed = seedOf(dir.resolve("image.raw"), chunks);
        SeedStore store = SeedStore.ofAll(List.of(seed));
        return new Fixture(store, id -> flipByteOf(seed, id));
    }
}
