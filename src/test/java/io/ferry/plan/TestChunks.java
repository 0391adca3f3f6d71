package io.ferry.plan;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;

/** Made-up chunk lists for the plan's tests: {@code n} distinct chunks of {@code size} bytes each. */
public final class TestChunks {
    private TestChunks() {
    }

    public static ChunkList of(int n, int size) {
        ChunkList.Builder b = new ChunkList.Builder();
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[ChunkId.BYTES];
            id[0] = (byte) i;
            id[1] = (byte) (i >> 8);
            id[2] = (byte) (i >> 16);
            id[3] = 1;
            b.add(ChunkId.of(id), size, false);
        }
        return b.build();
    }
}
