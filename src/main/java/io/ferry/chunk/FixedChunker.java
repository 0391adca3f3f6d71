package io.ferry.chunk;

/** FixedChunker cuts every {@code size} bytes: block-aligned, cheap, and blind to inserted bytes. */
final class FixedChunker implements Chunker {
    private final int size;

    FixedChunker(int size) {
        this.size = size;
    }

    @Override
    public int cut(byte[] data, int from, int available) {
        return Math.min(size, available);
    }

    @Override
    public int maxSize() {
        return size;
    }
}
