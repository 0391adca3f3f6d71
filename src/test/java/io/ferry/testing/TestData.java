package io.ferry.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** TestData writes deterministic test inputs: random, sparse (zero runs) and repetitive bytes. */
public final class TestData {
    private TestData() {
    }

    public static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Random data with long zero runs, like a disk image's free space. */
    public static byte[] sparse(long seed, int size) {
        byte[] b = random(seed, size);
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (int at = 0; at < size; ) {
            int zeros = r.nextInt(1 << 18);
            Arrays.fill(b, at, Math.min(size, at + zeros), (byte) 0);
            at += zeros + r.nextInt(1 << 17);
        }
        return b;
    }

    /** One random 40 KiB block repeated, with a few bytes flipped: many equal chunks. */
    public static byte[] repetitive(long seed, int size) {
        byte[] block = random(seed, 40 * 1024);
        byte[] b = new byte[size];
        for (int at = 0; at < size; at += block.length) {
            System.arraycopy(block, 0, b, at, Math.min(block.length, size - at));
        }
        b[size / 2] ^= 1;
        return b;
    }

    public static Path write(Path file, byte[] data) throws IOException {
        Files.write(file, data);
        return file;
    }

    /** Writes {@code size} bytes of seeded random data without holding them in memory. */
    public static Path writeRandom(Path file, long seed, long size) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
        return file;
    }
}
