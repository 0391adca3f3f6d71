package io.ferry.node;

/**
 * DiffResult compares image B to image A as a delivery of B to a node holding A would see it. The four
 * byte counts add up to B's size.
 *
 * @param sharedBytes    bytes of B whose chunk A also has
 * @param uniqueBytes    bytes of B's distinct chunks that A lacks: what would have to move
 * @param repeatedBytes  further occurrences within B of chunks counted in {@code uniqueBytes}
 * @param zeroBytes      B's all-zero bytes, which never move
 */
public record DiffResult(String a, String b, long sizeB, long sharedBytes, long uniqueBytes, long repeatedBytes,
                         long zeroBytes, int uniqueChunks) {
}
