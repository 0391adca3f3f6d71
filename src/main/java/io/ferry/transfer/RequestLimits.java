package io.ferry.transfer;

import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkerParams;

/**
 * RequestLimits is what one pick or batch request may ask of a node: no more than the fetching side
 * ever asks (the executor sizes its jobs by these numbers), so a server can refuse anything larger
 * with a 400 before it reads a chunk, and a client refuses an answer longer than it asked for. Before
 * these, a 39-byte pick asked for, and got, 38.8 MB.
 */
public final class RequestLimits {
    /** The most chunks one request names (the executor's jobs take at most this many). */
    public static final int MAX_CHUNKS = 1024;
    /** The chunk bytes a job aims at: the executor stops claiming chunks for a job once it reaches this. */
    public static final long JOB_BYTES = 4L << 20;
    /**
     * The most chunk bytes one answer carries: a job that stops claiming at {@link #JOB_BYTES} has gone
     * over by less than one chunk, which is at most {@link ChunkerParams#LARGEST}.
     */
    public static final long MAX_BYTES = JOB_BYTES + ChunkerParams.LARGEST;
    /** The longest batch request: {@link #MAX_CHUNKS} ids. */
    public static final int MAX_BATCH_BODY = MAX_CHUNKS * ChunkId.BYTES;
    /** The longest pick request: {@link #MAX_CHUNKS} scattered indices, each a gap and a length of five bytes at most. */
    public static final int MAX_PICK_BODY = MAX_CHUNKS * 10;

    /**
     * The query parameter a chunk request carries: the rate, in wire bytes per second, at which the
     * asker received this node's previous answer (see {@code AdaptiveLevel}). A value that is not a
     * whole number in (0, {@link #MAX_ARRIVAL}] is ignored, not refused: it only tunes compression.
     */
    public static final String ARRIVAL_PARAM = "arrival";
    /** 100 GB/s: beyond any link a node has. */
    public static final long MAX_ARRIVAL = 100_000_000_000L;

    /** The arrival rate a request carried, or -1 when it carried none that makes sense. */
    static long arrival(java.util.Map<String, java.util.List<String>> query) {
        java.util.List<String> v = query.get(ARRIVAL_PARAM);
        if (v == null || v.size() != 1 || v.get(0).isEmpty() || v.get(0).length() > 12 || !v.get(0).chars().allMatch(Character::isDigit)) {
            return -1;
        }
        long rate = Long.parseLong(v.get(0));
        return rate > 0 && rate <= MAX_ARRIVAL ? rate : -1;
    }

    private RequestLimits() {
    }
}
