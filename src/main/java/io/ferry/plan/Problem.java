package io.ferry.plan;

import java.util.BitSet;
import java.util.List;

/**
 * Problem is what the scheduler is asked: the missing chunks of one delivery (by position j = 0..n-1,
 * each with its size and its index in the manifest) and, for each candidate peer, its model, which of
 * the chunks it holds, and which of those it holds as part of the manifest being delivered, in order on
 * its disk (so that chunks with consecutive indices there are one range read).
 *
 * @param batchBytes the bytes one request carries at most (requests are grouped up to it)
 */
public record Problem(long[] sizes, int[] indices, List<PeerModel> peers, List<BitSet> holds, List<BitSet> serial,
                      long batchBytes) {
    public Problem {
        if (sizes.length != indices.length || peers.size() != holds.size() || peers.size() != serial.size()) {
            throw new IllegalArgumentException("a problem needs a size and an index per chunk and holdings per peer");
        }
        if (batchBytes <= 0) {
            throw new IllegalArgumentException("requests must carry some bytes");
        }
    }

    public int chunks() {
        return sizes.length;
    }

    /** Whether {@code p} may be planned for chunk {@code j}: it holds it and is not a never-source. */
    boolean eligible(int p, int j) {
        return holds.get(p).get(j) && peers.get(p).priority() != Priority.NEVER;
    }

    /** Whether chunks {@code j} and {@code j + 1}, both from {@code p}, are one run on its disk. */
    boolean joined(int p, int j) {
        BitSet s = serial.get(p);
        return j + 1 < sizes.length && s.get(j) && s.get(j + 1) && indices[j + 1] == indices[j] + 1;
    }
}
