package io.ferry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * SmokeImages writes three small stand-ins for the Debian images, so the benchmark suite can run
 * in seconds inside bin/test: v1 mixes zero runs, compressible text and random bytes the way a disk
 * image does; v2 and v3 are v1 with different scattered block rewrites and a few insertions (which
 * shift the rest of the "file" they land in, as a grown file does). Usage: SmokeImages DIR MIB.
 */
public final class SmokeImages {
    private static final String[] WORDS = ("kernel module package config systemd unit journal network "
            + "address interface route firewall user group shell library version debian bookworm image "
            + "disk partition mount service daemon socket timer boot grub initrd").split(" ");

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int size = Integer.parseInt(args[1]) << 20;
        Files.createDirectories(dir);
        byte[] v1 = base(size, new SplittableRandom(1));
        Files.write(dir.resolve("v1.raw"), v1);
        Files.write(dir.resolve("v2.raw"), variant(v1, new SplittableRandom(2)));
        Files.write(dir.resolve("v3.raw"), variant(v1, new SplittableRandom(3)));
    }

    private static byte[] base(int size, SplittableRandom r) {
        byte[] img = new byte[size];
        for (int at = 0; at < size; at += 65536) {
            int kind = r.nextInt(10);
            int end = Math.min(size, at + 65536);
            if (kind < 3) {
                continue; // zeros, as unallocated space reads
            }
            if (kind < 7) {
                text(img, at, end, r);
            } else {
                byte[] noise = new byte[end - at];
                r.nextBytes(noise);
                System.arraycopy(noise, 0, img, at, noise.length);
            }
        }
        return img;
    }

    private static void text(byte[] img, int at, int end, SplittableRandom r) {
        int p = at;
        while (p < end) {
            byte[] w = (WORDS[r.nextInt(WORDS.length)] + (r.nextInt(8) == 0 ? "\n" : " ")).getBytes(StandardCharsets.US_ASCII);
            int n = Math.min(w.length, end - p);
            System.arraycopy(w, 0, img, p, n);
            p += n;
        }
    }

    private static byte[] variant(byte[] base, SplittableRandom r) {
        byte[] img = Arrays.copyOf(base, base.length);
        for (int i = 0; i < 24; i++) {
            int block = r.nextInt(img.length / 4096);
            text(img, block * 4096, block * 4096 + 4096, r);
        }
        for (int i = 0; i < 3; i++) {
            // a file grown in the middle: its later bytes shift within its own blocks, up to the next
            // file (256 KiB on), as on a file system; the disk image as a whole does not move
            int at = r.nextInt(img.length / 262144) * 262144 + r.nextInt(131072);
            int end = Math.min(img.length, (at / 262144 + 1) * 262144);
            byte[] inserted = new byte[100 + r.nextInt(400)];
            r.nextBytes(inserted);
            System.arraycopy(img, at, img, at + inserted.length, end - at - inserted.length);
            System.arraycopy(inserted, 0, img, at, inserted.length);
        }
        return img;
    }
}
