package io.ferry.testing;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Mutations damage a valid encoding the ways a fuzzer does: flip a bit, overwrite, insert or delete
 * bytes, cut it short, repeat or swap a stretch. A quarter of them land in bytes 5-63, where the
 * headers that decide what a decoder allocates are (past the magic bytes, whose damage ends decoding
 * at once); the rest anywhere.
 */
public final class Mutations {
    private Mutations() {
    }

    /** What one mutation does. */
    public enum Op { FLIP, SET, INSERT, DELETE, TRUNCATE, REPEAT, SWAP }

    /** One mutation; positions are taken modulo the length of what it is applied to. */
    public record Mutation(Op op, int position, int length, byte value) {
        public byte[] apply(byte[] b) {
            int n = b.length;
            int at = n == 0 ? 0 : Math.floorMod(position, n);
            int len = Math.min(length, n - at);
            switch (op) {
                case FLIP -> {
                    if (n > 0) {
                        b = b.clone();
                        b[at] ^= (byte) (1 << (value & 7));
                    }
                    return b;
                }
                case SET -> {
                    if (n > 0) {
                        b = b.clone();
                        b[at] = value;
                    }
                    return b;
                }
                case INSERT -> {
                    byte[] out = new byte[n + length];
                    System.arraycopy(b, 0, out, 0, at);
                    Arrays.fill(out, at, at + length, value);
                    System.arraycopy(b, at, out, at + length, n - at);
                    return out;
                }
                case DELETE -> {
                    byte[] out = new byte[n - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, n - at - len);
                    return out;
                }
                case TRUNCATE -> {
                    return Arrays.copyOf(b, at);
                }
                case REPEAT -> {
                    byte[] out = new byte[n + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, n - at);
                    return out;
                }
                case SWAP -> {
                    b = b.clone();
                    int other = n == 0 ? 0 : Math.floorMod(position * 31 + length, n);
                    int k = Math.min(len, n - Math.max(at, other));
                    for (int i = 0; i < k; i++) {
                        byte t = b[at + i];
                        b[at + i] = b[other + i];
                        b[other + i] = t;
                    }
                    return b;
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    public static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> position = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(5, 63)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, Integer.MAX_VALUE)));
        return Combinators.combine(Arbitraries.of(Op.class), position, Arbitraries.integers().between(1, 40),
                Arbitraries.bytes()).as(Mutation::new);
    }

    /** One to four mutations, applied in order. */
    public static Arbitrary<List<Mutation>> mutations() {
        return mutation().list().ofMinSize(1).ofMaxSize(4);
    }

    public static byte[] apply(byte[] b, List<Mutation> ms) {
        for (Mutation m : ms) {
            b = m.apply(b);
        }
        return b;
    }
}
