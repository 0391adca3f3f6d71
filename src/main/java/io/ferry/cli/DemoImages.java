package io.ferry.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * DemoImages writes two related disk-like images when no real one is at hand. Each is a sequence of
 * extents: runs of zeros (free space), incompressible "package" data, text-like data, and a block
 * that appears twice. v2 is v1 after an upgrade: one package replaced, an 8 KiB insertion that shifts
 * everything after it by two filesystem blocks (as a filesystem moves data: in whole blocks), a few
 * small in-place edits, and new data written into former free space. Deterministic.
 */
final class DemoImages {
    private static final int MIB = 1 << 20;

    /** One extent: what it holds, the seed of its content, its length. */
    private record Extent(char kind, long seed, int length) {
    }

    private DemoImages() {
    }

    static void write(Path v1, Path v2) throws IOException {
        List<Extent> base = new ArrayList<>();
        SplittableRandom layout = new SplittableRandom(2026);
        for (int i = 0; i < 24; i++) {
            base.add(new Extent('z', 0, (1 + layout.nextInt(3)) * MIB));
            base.add(new Extent(i % 3 == 0 ? 't' : 'r', 1000 + i, MIB / 2 + layout.nextInt(2 * MIB)));
        }
        base.add(3, new Extent('r', 1005, base.get(11).length())); // a file stored twice
        List<Extent> next = new ArrayList<>(base);
        next.set(9, new Extent('r', 5009, next.get(9).length()));      // a package upgraded
        next.add(20, new Extent('t', 7020, 8 * 1024));                  // an insertion: shifts what follows by two blocks
        next.set(30, new Extent('r', 9030, next.get(30).length()));     // new data in former free space
        writeImage(v1, base, List.of());
        writeImage(v2, next, List.of(5L * MIB + 123, 17L * MIB + 4567, 33L * MIB + 999));
    }

    private static void writeImage(Path file, List<Extent> extents, List<Long> edits) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long at = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (Extent e : extents) {
                SplittableRandom r = new SplittableRandom(e.seed());
                for (int done = 0; done < e.length(); ) {
                    int n = Math.min(buf.length, e.length() - done);
                    fill(e.kind(), r, buf, n);
                    for (long edit : edits) {
                        if (edit >= at && edit < at + n) {
                            buf[(int) (edit - at)] ^= 0x5a;
                        }
                    }
                    out.write(buf, 0, n);
                    done += n;
                    at += n;
                }
            }
        }
    }

    private static void fill(char kind, SplittableRandom r, byte[] buf, int n) {
        switch (kind) {
            case 'z' -> java.util.Arrays.fill(buf, 0, n, (byte) 0);
            case 'r' -> {
                for (int i = 0; i < n; i++) {
                    buf[i] = (byte) r.nextInt(256);
                }
            }
            default -> {
                String words = "kernel module config systemd service package nginx openssl python libc ";
                for (int i = 0; i < n; i++) {
                    buf[i] = (byte) words.charAt(r.nextInt(words.length()));
                }
            }
        }
    }
}
